// What the results page's components receive from its loader (plain data, browser-safe).
import type { ResultRow } from '#app/realtime/events';

export type { ResultRow };

export type MatrixExpert = {
  /** The expert's name (agency) or 专家A, 专家B … (everyone else). */
  label: string;
  expertId?: string;
  /** Present for those who may act on the sheet (the panel's chair, the agency). */
  sheetId?: string;
  state: 'draft' | 'submitted' | 'locked' | string;
  absent: boolean;
  recused: boolean;
  scores: Record<string, number>;
  total: number | null;
  reopenedReason?: string | null;
};

export type MatrixCriterion = { id: string; name: string; max: number; weight?: number };

export type Matrix = {
  experts: MatrixExpert[];
  criteria: MatrixCriterion[];
  result: ResultRow | null;
};

export type PanelOption = { id: string; name: string; fieldGroup: string; manage: boolean };

export type ResultsPageData = {
  round: { id: string; name: string };
  /** false: signed in, but no result:read and no chair seat in this round; nothing is shown. */
  allowed: boolean;
  version: number;
  visible: boolean;
  results: ResultRow[];
  decimals: number;
  wholeRound: boolean;
  isAgency: boolean;
  panels: PanelOption[];
  groups: string[];
  filter: { group: string | null; panelId: string | null };
  matrix: { itemId: string; data: Matrix | null } | null;
};
