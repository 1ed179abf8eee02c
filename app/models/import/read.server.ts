// Reading a workbook against a round's form: no database, so it runs before any transaction.
import { createHash } from 'node:crypto';
import { runStepsAsync } from '#app/utils/steps';
import { previewBookSteps, type ImportPreview } from '#app/utils/xlsx/import-preview';
import type { PlainWorkbook } from '#app/utils/xlsx/plain';
import { openWorkbook } from '#app/utils/xlsx/read-workbook';
import { yieldIfBusy } from '#app/utils/yield.server';
import type { TemplateKind } from '#app/utils/xlsx/spec';
import type { LoadedRound } from './load.server';
import { templateKindOf } from './template.server';

/** The file read and checked against the round's form: pure, so it runs before any transaction. */
export interface FileRead {
  sha256: string;
  kind: TemplateKind;
  read: ImportPreview;
  readFor: string; // what the reading depended on (scheme and statistics date), to detect a change
  book: PlainWorkbook | null; // the workbook as the sandbox read it; null when the file was refused
}

export function readingKey(round: LoadedRound): string {
  return `${round.kind}|${round.jurisdiction}|${round.windowEnd ?? `${round.year}-12-31`}|${round.schemeDefinition}`;
}

// The last file read, kept a few minutes: the import page's 确认导入 (and an API client following
// its dryRun) sends the very file just previewed, whose reading is then taken as it is instead of
// opening the workbook again in the sandbox (the larger part of a commit's time). Keyed by the
// bytes' SHA-256 and everything the reading depended on; one entry, so memory stays one file's worth.
// plan() sets unit.data.isBranch on every unit each time it runs, so a reading used twice is planned
// the same way both times.
const REMEMBER_MS = 10 * 60_000;
let remembered: { key: string; file: FileRead; until: number } | null = null;

function rememberKey(sha256: string, round: LoadedRound): string {
  return `${sha256}|${readingKey(round)}`;
}

/** Forgets the remembered reading (the benchmark's cold import; tests). */
export function forgetReadings(): void {
  remembered = null;
}

/**
 * Opens the file in the sandbox (app/utils/xlsx/sandbox.ts: a worker with heap and time limits) and
 * reads it against the round's form, or takes the remembered reading of the same bytes for the same
 * form. A file refused as a whole carries `read.refused` (413/400/422).
 */
export async function readFile(round: LoadedRound, bytes: Buffer): Promise<FileRead> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = rememberKey(sha256, round);
  if (remembered && remembered.key === key && remembered.until > Date.now()) return remembered.file;
  const file = await openAndRead(round, bytes, sha256);
  // Refused files are not kept: they are cheap to refuse again and cannot be committed.
  remembered = file.book ? { key, file, until: Date.now() + REMEMBER_MS } : null;
  return file;
}

async function openAndRead(round: LoadedRound, bytes: Buffer, sha256: string): Promise<FileRead> {
  const opened = await openWorkbook(bytes);
  const kind = templateKindOf(round.kind);
  if (!opened.ok) {
    return {
      sha256,
      kind,
      read: { kind, units: [], problems: opened.problems, warnings: [], refused: opened.status },
      readFor: readingKey(round),
      book: null,
    };
  }
  return readAgain(round, { sha256, kind, book: opened.book });
}

/**
 * The same opened workbook read against the round's form as it is now: no worker. The rows are
 * checked in slices that let the event loop turn (a 2,000-row file takes a few hundred ms).
 */
export async function readAgain(
  round: LoadedRound,
  file: Pick<FileRead, 'sha256' | 'kind' | 'book'>,
): Promise<FileRead> {
  const kind = templateKindOf(round.kind);
  const options = {
    eligibility: round.definition.eligibility,
    jurisdiction: round.jurisdiction,
    asOf: round.windowEnd ?? `${round.year}-12-31`,
  };
  return {
    sha256: file.sha256,
    kind,
    // Branches (分支机构) are decided in plan(), against the directory as it is then.
    read: file.book
      ? await runStepsAsync(previewBookSteps(file.book, kind, options), yieldIfBusy)
      : { kind, units: [], problems: [], warnings: [] },
    readFor: readingKey(round),
    book: file.book,
  };
}
