// Importing a round's 申报书 / 年度运行情况表 workbook: preview (every problem listed, eligibility
// pre-checked by the engine, nothing written) and commit (all-or-nothing in one transaction, each
// item audited). Re-importing updates the round's item of the same 统一社会信用代码.
//
// The steps live in app/models/import/: load (the round, chunked look-ups), read (the workbook
// against the form, no database), plan (existing items, directory facts, flags, eligibility),
// write-directory (organisations, platforms), write-items (the round's items), commit (the
// transaction and its audit event), template (the blank workbook), province (USCC → region).
export { commitItemsImport, type CommitOutcome } from './import/commit.server';
export { previewItemsImport, type ItemsImportPreview, type PlannedUnit } from './import/plan.server';
export { roundTemplate, templateKindOf } from './import/template.server';
