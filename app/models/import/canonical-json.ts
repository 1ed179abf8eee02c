// The same text as canonicalJson (audit.server.ts: JSON with object keys sorted at every level),
// made without a replacer: JSON.stringify calling back for every value and rebuilding every object
// was a large share of an import's time (each item's data is serialised for storage and compared
// with the stored text on re-import). tests/unit/models/import/canonical-json.test.ts checks that both give
// the same text for any JSON-like value.

import { CanonicalText } from '#app/models/audit.server';

// An array index (as the engine orders object keys): such keys come first, in numeric order.
const INDEX = /^(0|[1-9]\d*)$/;
function isIndex(key: string): boolean {
  return INDEX.test(key) && Number(key) < 2 ** 32 - 1;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function write(value: unknown, inArray: boolean): string | undefined {
  // Text already made canonical (an item's stored data) is spliced in as it is, as canonicalJson does.
  if (value instanceof CanonicalText) return value.text;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON: () => unknown }).toJSON();
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 'null' : undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i], true);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(byCodeUnits);
  const indexes = keys.filter(isIndex);
  const ordered =
    indexes.length > 0
      ? [...indexes.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))]
      : keys;
  let out = '{';
  let first = true;
  for (const key of ordered) {
    const text = write(record[key], false);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

// A value `sortedCopy` cannot hand to the native JSON.stringify as it is (spliced canonical text, a
// boxed primitive or class instance): such a value is written by write() instead.
const SLOW = Symbol('slow');

/**
 * A copy of a plain JSON-like value whose objects have their keys inserted in canonical order, so
 * the engine's own JSON.stringify writes canonical text: V8 enumerates an object's array-index keys
 * first in numeric order (as INDEX does) and its other keys in insertion order. Throws SLOW for
 * anything else.
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sortedCopy(value[i]);
      out[i] = v === undefined ? null : v;
    }
    return out;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return sortedCopy((value as { toJSON: () => unknown }).toJSON());
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw SLOW;
  const record = value as Record<string, unknown>;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(record).sort(byCodeUnits)) {
    const v = sortedCopy(record[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** canonicalJson's text for `value`, faster: through the native JSON.stringify when it can. */
export function canonicalText(value: unknown): string {
  let copy: unknown;
  try {
    copy = sortedCopy(value);
  } catch (error) {
    if (error !== SLOW) throw error;
    return write(value, false) as string;
  }
  return JSON.stringify(copy);
}

/**
 * canonicalText of an array, written element by element with `pause()` between them (the server
 * passes yieldIfBusy): an import's change list of 2,000 items with their data is several MB of text.
 */
export async function canonicalArrayText(
  values: readonly unknown[],
  pause: () => Promise<void>,
): Promise<string> {
  const parts: string[] = [];
  for (const value of values) {
    await pause();
    parts.push(write(value, true) as string);
  }
  return `[${parts.join(',')}]`;
}
