// Deterministic shuffle for panel draws (专家抽取). The seed is recorded with the draw, so anyone can
// replay it; the generator must therefore be fixed forever and identical on every platform: a
// string hash to 128 bits of state, then xoshiro128** (Blackman & Vigna), all in 32-bit integer ops.

const encoder = new TextEncoder();

// Murmur3's finaliser: spreads the bits of an FNV-1a hash so nearby seeds give unrelated states.
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function seedState(seed: string): Uint32Array {
  const bytes = encoder.encode(seed);
  const state = new Uint32Array(4);
  for (let lane = 0; lane < 4; lane++) {
    let h = (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b9)) >>> 0;
    for (const byte of bytes) {
      h ^= byte;
      h = Math.imul(h, 0x01000193);
    }
    state[lane] = mix32(h ^ bytes.length);
  }
  // xoshiro's one forbidden state.
  if (state.every((word) => word === 0)) state[0] = 1;
  return state;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function generator(seed: string): () => number {
  const s = seedState(seed);
  return () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
}

// Uniform integer in [0, n) by rejection, so no index is favoured by modulo bias.
function below(next: () => number, n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  let x = next();
  while (x >= limit) x = next();
  return x % n;
}

/** A new array with the items in an order fixed by the seed (Fisher–Yates). */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const next = generator(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = below(next, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
