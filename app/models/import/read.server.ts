// Reading a workbook against a round's form: no database, so it runs before any transaction.
import { createHash } from 'node:crypto';
import { previewImport, type ImportPreview } from '#app/utils/xlsx/import-preview';
import type { TemplateKind } from '#app/utils/xlsx/spec';
import type { LoadedRound } from './load.server';
import { templateKindOf } from './template.server';

/** The file read and checked against the round's form: pure, so it runs before any transaction. */
export interface FileRead {
  sha256: string;
  kind: TemplateKind;
  read: ImportPreview;
  readFor: string; // what the reading depended on (scheme and statistics date), to detect a change
}

export function readingKey(round: LoadedRound): string {
  return `${round.windowEnd ?? `${round.year}-12-31`}|${round.schemeDefinition}`;
}

export function readFile(round: LoadedRound, bytes: Buffer): FileRead {
  const kind = templateKindOf(round.kind);
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    kind,
    // Branches (分支机构) are decided in plan(), against the directory as it is then.
    read: previewImport(bytes, kind, {
      eligibility: round.definition.eligibility,
      jurisdiction: round.jurisdiction,
      asOf: round.windowEnd ?? `${round.year}-12-31`,
    }),
    readFor: readingKey(round),
  };
}
