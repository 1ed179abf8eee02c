// zod schemas for everything that enters the engine (shape only; meaning is checked by
// validateScheme / validateSheets). Objects are strict so a misspelt key in an agency's scheme
// file ("weigth") is reported instead of silently ignored.
import { z } from 'zod';
import type { EligibilityRule, GradeInput, Scheme } from './types';

const id = z.string().trim().min(1);
const finite = z.number();

// An optional field given as null means "not set", as if the key were absent (spreadLimit is the
// exception: there null is a value of its own, "no limit"). The null keys are dropped before the
// strict object sees them, so the parsed value has no key holding undefined or null.
function nullMeansUnset<T extends z.ZodType>(schema: T, keys: readonly string[]) {
  return z.preprocess((raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const entries = Object.entries(raw);
    if (!entries.some(([k, v]) => v === null && keys.includes(k))) return raw;
    // fromEntries defines own properties, so a "__proto__" key stays data (and is refused as unknown).
    return Object.fromEntries(entries.filter(([k, v]) => !(v === null && keys.includes(k))));
  }, schema);
}

export const criterionSchema = nullMeansUnset(
  z.strictObject({
    id,
    name: z.string().min(1),
    max: finite,
    weight: finite.optional(),
    step: finite.optional(),
    required: z.boolean().optional(),
    group: z.string().optional(),
    guidance: z.string().optional(),
  }),
  ['weight', 'step', 'required', 'group', 'guidance'],
);

export const vetoItemSchema = z.strictObject({ id, name: z.string().min(1) });

export const rubricSchema = nullMeansUnset(
  z.strictObject({
    criteria: z.array(criterionSchema),
    vetoes: z.array(vetoItemSchema).optional(),
  }),
  ['vetoes'],
);

export const aggregationSchema = nullMeansUnset(
  z.strictObject({
    method: z.enum(['mean', 'median', 'trimmed']),
    trim: z.int().optional(),
    minForTrim: z.int().optional(),
    quorum: z.int().optional(),
    decimals: z.int().optional(),
    spreadLimit: finite.nullable().optional(),
  }),
  ['trim', 'minForTrim', 'quorum', 'decimals'],
);

const shareRounding = z.enum(['floor', 'ceil', 'round']);

export const thresholdGradingSchema = z.strictObject({
  kind: z.literal('thresholds'),
  levels: z.array(
    nullMeansUnset(z.strictObject({ grade: z.string().min(1), min: finite.optional() }), ['min']),
  ),
});

export const quotaGradingSchema = z.strictObject({
  kind: z.literal('quota'),
  top: z.array(
    nullMeansUnset(
      z.strictObject({
        grade: z.string().min(1),
        cumulativeShare: finite,
        rounding: shareRounding,
        minScore: finite.optional(),
      }),
      ['minScore'],
    ),
  ),
  middle: z.string().min(1),
  bottom: nullMeansUnset(
    z.strictObject({
      grade: z.string().min(1),
      share: finite,
      rounding: shareRounding,
      ties: z.enum(['spare', 'include']),
      below: finite.optional(),
    }),
    ['below'],
  ),
});

export const gradingSchema = z.discriminatedUnion('kind', [thresholdGradingSchema, quotaGradingSchema]);

export const schemeSchema = z.strictObject({
  id,
  name: z.string().min(1),
  rubric: rubricSchema,
  aggregation: aggregationSchema,
  grading: gradingSchema,
});

export const itemInputSchema = nullMeansUnset(
  z.strictObject({
    id,
    name: z.string().optional(),
    group: z.string().optional(),
    vetoed: z.boolean().optional(),
  }),
  ['name', 'group', 'vetoed'],
);

export const sheetInputSchema = nullMeansUnset(
  z.strictObject({
    itemId: id,
    expertId: id,
    scores: z.record(z.string(), finite),
    recused: z.boolean().optional(),
  }),
  ['recused'],
);

export const gradeInputSchema = z.strictObject({
  items: z.array(itemInputSchema),
  sheets: z.array(sheetInputSchema),
});

export const eligibilityConditionSchema = nullMeansUnset(
  z.strictObject({
    id,
    label: z.string().min(1),
    field: z.string().min(1),
    op: z.enum(['>=', '>', '<=', '<', '==', 'true']),
    value: z.union([finite, z.boolean()]).optional(),
    unit: z.string().optional(),
  }),
  ['value', 'unit'],
);

export const eligibilityRuleSchema = nullMeansUnset(
  z.strictObject({
    id,
    label: z.string().min(1),
    conditions: z.array(eligibilityConditionSchema),
    anyOf: z.boolean().optional(),
    source: z.string().optional(),
  }),
  ['anyOf', 'source'],
);

// Compile-time proof that the schemas produce exactly the engine's public types (no runtime cost).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasMatchTypes = [
  Assert<Same<z.infer<typeof schemeSchema>, Scheme>>,
  Assert<Same<z.infer<typeof gradeInputSchema>, GradeInput>>,
  Assert<Same<z.infer<typeof eligibilityRuleSchema>, EligibilityRule>>,
];
