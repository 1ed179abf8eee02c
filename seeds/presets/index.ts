// The seven shipped policy presets, in a stable order (national, provincial, municipal).
import { miit2025Annual } from './miit-2025-annual';
import { miit2025Recognition } from './miit-2025-recognition';
import { miit2025Triennial } from './miit-2025-triennial';
import type { Preset } from './schema';
import { shanghai2022Performance } from './shanghai-2022-performance';
import { sichuan2025Annual } from './sichuan-2025-annual';
import { sichuan2025Recognition } from './sichuan-2025-recognition';
import { sichuan2025Triennial } from './sichuan-2025-triennial';

export type { Preset, SessionTimings } from './schema';
export { presetSchema } from './schema';

export const presets: Preset[] = [
  miit2025Recognition,
  miit2025Annual,
  miit2025Triennial,
  sichuan2025Recognition,
  sichuan2025Annual,
  sichuan2025Triennial,
  shanghai2022Performance,
];

export function getPreset(id: string): Preset | undefined {
  return presets.find((p) => p.id === id);
}
