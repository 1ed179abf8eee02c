import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalText, canonicalJson } from '#app/models/audit.server';
import { canonicalArrayText, canonicalText } from '#app/models/import/canonical-json';

describe('canonicalText', () => {
  it('gives canonicalJson’s text for any JSON-like value', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string(),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.bigInt(),
        fc.date({ noInvalidDate: true }),
      ),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      // Keys that look like array indexes are ordered numerically first by the engine.
      object: fc.dictionary(
        fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom('__proto__', '10', '9')),
        tie('node'),
        {
          maxKeys: 6,
        },
      ),
    }));
    fc.assert(
      fc.property(value.node, (v) => {
        expect(canonicalText(v)).toBe(canonicalJson(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys at every level, omits undefined members and writes undefined array slots as null', () => {
    const data = Object.assign(Object.create(null) as Record<string, unknown>, {
      b: 1,
      a: { d: [undefined, 2, Number.NaN], c: '值' },
      e: undefined,
      '2': true,
      '10': false,
    });
    expect(canonicalText(data)).toBe('{"2":true,"10":false,"a":{"c":"值","d":[null,2,null]},"b":1}');
    expect(canonicalText(data)).toBe(canonicalJson(data));
  });

  it('splices CanonicalText as canonicalJson does, in values and in arrays written part by part', async () => {
    const inner = { z: [1, { b: '乙', a: '甲' }], y: null };
    const change = { itemId: 'i1', after: { data: new CanonicalText(canonicalJson(inner)), flags: [] } };
    expect(canonicalText(change)).toBe(canonicalJson({ itemId: 'i1', after: { data: inner, flags: [] } }));
    expect(await canonicalArrayText([change, change], async () => {})).toBe(canonicalJson([change, change]));
  });
});
