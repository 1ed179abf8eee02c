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

/** canonicalJson's text for `value`, faster. */
export function canonicalText(value: unknown): string {
  return write(value, false) as string;
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
