// 组长控制台 (issue 10 §2): the chair of the session's panel and the agency run a defence session
// here: start, 签到, 叫号, the phase timers, scoring open/close, who has submitted, the matrix once
// scoring is closed, 复议, 锁定, 结束 with the summary. Every command posts `{command, version, …}` to
// this route's action, which calls the same model function as the JSON API (runCommand); the
// answer is the new snapshot, a 409 carries the current one. The page follows `session:<id>` live.
// Others get the model's 404 (who may not follow the session) or 403 (who may follow but not run it).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { SessionConsole } from '#app/components/session/console';
import { runCommand } from '#app/models/session.server';
import { requireUser } from '#app/utils/auth.server';
import { parseParams } from '#app/utils/http.server';
import { consoleData, readJsonBody, sessionParamsSchema } from './__session-pages.server';

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.session.name ?? '答辩会'} · 组长控制台 · 评审工作台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = parseParams(params, sessionParamsSchema);
  const outcome = await consoleData(user, sessionId);
  if (!outcome.ok) throw new Response(outcome.error, { status: outcome.status });
  const { ok: _ok, ...data } = outcome;
  return data;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = parseParams(params, sessionParamsSchema);
  const body = await readJsonBody(request);
  if (!body.ok)
    return data({ ok: false as const, status: 400, error: body.error, session: null }, { status: 400 });
  const outcome = await runCommand(user, sessionId, body.body);
  if (!outcome.ok) {
    return data(
      {
        ok: false as const,
        status: outcome.status,
        error: outcome.error,
        fieldErrors: outcome.fieldErrors ?? {},
        session: ('session' in outcome ? outcome.session : null) ?? null,
      },
      { status: outcome.status },
    );
  }
  return { ok: true as const, status: 200, session: outcome.session };
}

export type ConsoleLoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SessionConsolePage() {
  const loaded = useLoaderData<typeof loader>();
  return <SessionConsole data={loaded} />;
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
