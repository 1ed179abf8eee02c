// The route permission matrix (路由权限表). Every file in app/routes/ that the router serves must have
// an entry here, keyed by its file name (with extension). tests/integration/web/permission-matrix.test.ts
// lists the directory, requests every route as every role and fails when a route has no entry or when
// a route answers differently from what its entry promises.
//
// 'public'    — no sign-in needed (login page, health check).
// 'signed-in' — any signed-in user; the loader still calls requireUser first.
// a Permission — the loader/action calls requirePermission(request, permission) first.
import type { Permission } from './permissions';

export type Access = Permission | 'public' | 'signed-in';

/** permission guards the loader (GET); action, when given, guards POST/PUT/DELETE instead. */
export type RouteAccess = { permission: Access; action?: Access };

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'login.tsx': { permission: 'public' },
  'logout.tsx': { permission: 'public' },
  'healthz.ts': { permission: 'public' },
  'api.v1.$.ts': { permission: 'public' },
  'api.v1.auth.token.ts': { permission: 'public' },
  'api.v1.me.ts': { permission: 'signed-in' },
  // Reached also with a one-time password, which every other route refuses until it is changed.
  'change-password.tsx': { permission: 'signed-in' },
  '_app.tsx': { permission: 'signed-in' },
  '_app._index.tsx': { permission: 'signed-in' },
  '_app.admin.users.tsx': { permission: 'user:manage' },
  '_app.admin.audit.tsx': { permission: 'audit:read' },
  '_app.admin.tokens.tsx': { permission: 'user:manage' },
  '_app.admin.holidays.tsx': { permission: 'calendar:manage' },
  // Rounds, import and the eligibility pre-check (issue 4, points 1–3 and 8).
  '_app.rounds._index.tsx': { permission: 'round:read' },
  '_app.rounds.new.tsx': { permission: 'round:manage' },
  '_app.rounds.$roundId._index.tsx': { permission: 'round:read', action: 'round:manage' },
  '_app.rounds.$roundId.import.tsx': { permission: 'item:import' },
  '_app.rounds.$roundId.items.tsx': { permission: 'round:read', action: 'item:decide' },
  'api.v1.rounds.ts': { permission: 'round:read', action: 'round:manage' },
  'api.v1.rounds.$roundId.ts': { permission: 'round:read', action: 'round:manage' },
  'api.v1.rounds.$roundId.template.ts': { permission: 'round:read' },
  'api.v1.rounds.$roundId.import.ts': { permission: 'item:import' },
  'api.v1.rounds.$roundId.items.ts': { permission: 'round:read' },
  'api.v1.rounds.$roundId.items.$itemId.decision.ts': { permission: 'item:decide' },
  // Expert pool, panels, assignments, progress (issue 4, points 4–8).
  '_app.experts._index.tsx': { permission: 'expert:manage' },
  '_app.experts.$expertId.tsx': { permission: 'expert:manage' },
  '_app.rounds.$roundId.panels.tsx': { permission: 'round:read', action: 'panel:manage' },
  '_app.rounds.$roundId.assignments.tsx': { permission: 'round:read', action: 'assignment:manage' },
  '_app.rounds.$roundId.progress.tsx': { permission: 'progress:read' },
  'api.v1.experts.ts': { permission: 'expert:manage' },
  'api.v1.experts.$expertId.ts': { permission: 'expert:manage' },
  'api.v1.experts.template.ts': { permission: 'expert:manage' },
  'api.v1.experts.import.ts': { permission: 'expert:manage' },
  'api.v1.experts.$expertId.account.ts': { permission: 'expert:manage' },
  'api.v1.panels.$panelId.accounts.ts': { permission: 'expert:manage' },
  'api.v1.rounds.$roundId.panels.ts': { permission: 'round:read', action: 'panel:manage' },
  'api.v1.panels.$panelId.ts': { permission: 'round:read', action: 'panel:manage' },
  'api.v1.panels.$panelId.draw.ts': { permission: 'round:read', action: 'panel:manage' },
  'api.v1.panels.$panelId.replace.ts': { permission: 'panel:manage' },
  'api.v1.panels.$panelId.chair.ts': { permission: 'panel:manage' },
  'api.v1.rounds.$roundId.assignments.ts': { permission: 'round:read', action: 'assignment:manage' },
  'api.v1.rounds.$roundId.progress.ts': { permission: 'progress:read' },
  // Expert scoring API (issue 9 §5, H-CORE). Chair powers are scoped to THAT panel by the model
  // (canManagePanel), so those routes are 'signed-in' and refuse others with 403 themselves.
  'api.v1.rounds.$roundId.start-scoring.ts': { permission: 'round:manage' },
  'api.v1.me.sheets.ts': { permission: 'signed-in' },
  'api.v1.sheets.$sheetId.ts': { permission: 'score:sheet:own' },
  'api.v1.sheets.$sheetId.submit.ts': { permission: 'score:sheet:own' },
  'api.v1.sheets.$sheetId.recuse.ts': { permission: 'score:sheet:own' },
  'api.v1.sheets.$sheetId.reopen.ts': { permission: 'signed-in' },
  'api.v1.panels.$panelId.items.$itemId.lock.ts': { permission: 'signed-in' },
  'api.v1.panels.$panelId.items.$itemId.unlock.ts': { permission: 'panel:manage' },
  'api.v1.panels.$panelId.items.$itemId.absence.ts': { permission: 'signed-in' },
  'api.v1.rounds.$roundId.results.ts': { permission: 'signed-in' },
  // Results, exports (issue 9 §2, §3, §5). Chairs hold no result:read: the loaders scope by the
  // PanelMember chair seat (their own panel only): the page shows others nothing, the export answers
  // them 403; the models decide actions.
  '_app.rounds.$roundId.results.tsx': { permission: 'signed-in' },
  'api.v1.rounds.$roundId.sheets.ts': { permission: 'signed-in' },
  // Expert scoring page (issue 9 §1): the expert's own sheet; chairs score too. 申请回避 is its action.
  '_app.sheets.$sheetId.tsx': { permission: 'score:sheet:own' },
  // Defence sessions (issue 10 §5, H-SESSION). The models scope every read to those who may follow
  // the session's panel (404 otherwise) and every write to its chair seat or the agency (403).
  'api.v1.panels.$panelId.sessions.ts': { permission: 'signed-in' },
  'api.v1.sessions.$sessionId.ts': { permission: 'signed-in' },
  'api.v1.sessions.$sessionId.commands.ts': { permission: 'signed-in' },
  'api.v1.sessions.$sessionId.summary.ts': { permission: 'signed-in' },
  // Defence sessions (issue 10, H-CONSOLE): the agency's 答辩安排 (viewing with round:read, planning
  // with panel:manage) and the chair's console (the model decides: the chair of THAT panel or the
  // agency; others 404/403).
  '_app.rounds.$roundId.sessions.tsx': { permission: 'round:read', action: 'panel:manage' },
  '_app.sessions.$sessionId.tsx': { permission: 'signed-in' },
  'api.v1.sessions.$sessionId.console.ts': { permission: 'signed-in' },
  // Defence sessions: the big screen (大屏) and the paper for the file (issue 10 §3–4, H-SCREEN).
  // Links and printouts are scoped by the model to that session's chair, the agency (and, for one
  // expert's own sheets, that expert): others get 403, or 404 when they may not see the session.
  // The screen page needs no sign-in: its unguessable, revocable token is the credential.
  'api.v1.sessions.$sessionId.screen-links.ts': { permission: 'signed-in' },
  'api.v1.screen-links.$linkId.ts': { permission: 'signed-in' },
  'screen.$token.tsx': { permission: 'public' },
  'print.sessions.$sessionId.schedule.tsx': { permission: 'signed-in' },
  'print.sessions.$sessionId.sheets.tsx': { permission: 'signed-in' },
  'print.sessions.$sessionId.summary.tsx': { permission: 'signed-in' },
  'print.sessions.$sessionId.sign-in.tsx': { permission: 'signed-in' },
  'api.v1.sessions.$sessionId.export.ts': { permission: 'signed-in' },
};
