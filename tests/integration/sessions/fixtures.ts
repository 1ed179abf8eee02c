// A scoring round (tests/integration/scoring/fixtures.ts) with a planned defence session for its first
// panel, created through the model as the agency would; helpers to run commands and submit sheets.
import { expect } from 'vitest';
import { createSession, runCommand } from '#app/models/session.server';
import { submitSheet } from '#app/models/sheet.server';
import type { SessionUser } from '#app/models/auth.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { makeScoringRound, scoresFor, sheetOf, type ScoringRound } from '#tests/integration/scoring/fixtures';

export type SessionFixture = ScoringRound & { session: SessionSnapshot };

export async function makeSessionRound(
  options: { experts?: number; items?: number; settings?: Record<string, unknown>; panels?: number } = {},
): Promise<SessionFixture> {
  const r = await makeScoringRound({
    panels: Array.from({ length: options.panels ?? 1 }, () => ({
      experts: options.experts ?? 3,
      items: options.items ?? 3,
      quorum: 2,
    })),
    settings: options.settings,
  });
  const created = await createSession(r.agency, r.panels[0].id, {
    name: '第一场答辩',
    venue: '成都 3 号会议室',
    scheduledAt: '2026-12-04T09:00:00+08:00',
  });
  if (!created.ok) throw new Error(created.error);
  return { ...r, session: created.session };
}

/** Runs a command that must succeed, with the session's current version; returns the new snapshot. */
export async function ok(
  actor: SessionUser,
  snap: SessionSnapshot,
  body: Record<string, unknown>,
  now?: Date,
): Promise<SessionSnapshot> {
  const out = await runCommand(
    actor,
    snap.id,
    { version: snap.version, ...body },
    now ? { now: () => now } : {},
  );
  if (!out.ok) throw new Error(`${String(body.command)}: ${out.status} ${out.error}`);
  expect(out.session.version).toBe(snap.version + 1);
  return out.session;
}

/** Submits an expert's sheet for an item through the real submitSheet. */
export async function submitFor(r: ScoringRound, itemId: string, expert: { id: string; user: SessionUser }) {
  const sheet = await sheetOf(itemId, expert.id);
  const scores = await scoresFor(r.roundId);
  return submitSheet(
    expert.user.id,
    sheet.id,
    { version: sheet.version, scores },
    `s-${sheet.id}-${sheet.version}`,
  );
}
