// Every default of the engine, resolved in one place (默认值).
import type { AggregationOptions, Criterion, ResolvedAggregation } from './types';

export const DEFAULTS = {
  trim: 1,
  minForTrim: 5,
  quorum: 3,
  decimals: 2,
  spreadLimit: null,
  weight: 1,
  required: true,
  normaliseMinItems: 5,
  normaliseDecimals: 2,
} as const;

export function resolveAggregation(options: AggregationOptions): ResolvedAggregation {
  return {
    method: options.method,
    trim: options.trim ?? DEFAULTS.trim,
    minForTrim: options.minForTrim ?? DEFAULTS.minForTrim,
    quorum: options.quorum ?? DEFAULTS.quorum,
    decimals: options.decimals ?? DEFAULTS.decimals,
    spreadLimit: options.spreadLimit ?? DEFAULTS.spreadLimit,
  };
}

export function criterionWeight(criterion: Criterion): number {
  return criterion.weight ?? DEFAULTS.weight;
}

export function criterionRequired(criterion: Criterion): boolean {
  return criterion.required ?? DEFAULTS.required;
}
