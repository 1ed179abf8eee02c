// 专家签到表 (issue 10 §4): the seated experts of the session's panel, their role, the check-in time
// recorded by the chair's console, and a line for each expert's signature. The chair and the agency.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { Paper } from '#app/models/session-paper.server';
import { paperLoader } from './__print.server';
import { PaperHeadBlock, PrintLayout, SignatureLine, exportHref } from './__print';

export const meta: MetaFunction = () => [{ title: '专家签到表 · 评审工作台' }];

export const loader = (args: LoaderFunctionArgs) => paperLoader(args, 'sign-in');

export default function SignInPrint() {
  const data = useLoaderData<typeof loader>();
  const paper = data.paper as Extract<Paper, { table: 'sign-in' }>;
  return (
    <PrintLayout orientation="portrait" exportHref={exportHref(data.sessionId, 'sign-in')}>
      <h1>{paper.head.title}</h1>
      <PaperHeadBlock head={paper.head} />
      <p>
        应到专家 {paper.seated} 人，法定人数 {paper.quorum} 人，实到 ______ 人。
      </p>
      <table data-testid="paper-table">
        <colgroup>
          <col style={{ width: '7%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '25%' }} />
          <col style={{ width: '14%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '14%' }} />
          <col style={{ width: '18%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>序号</th>
            <th>专家姓名</th>
            <th>工作单位</th>
            <th>职称</th>
            <th>组内职务</th>
            <th>签到时间</th>
            <th>本人签名</th>
          </tr>
        </thead>
        <tbody>
          {paper.rows.map((r) => (
            <tr key={r.order} style={{ height: '12mm' }}>
              <td className="num">{r.order}</td>
              <td>{r.expertName}</td>
              <td>{r.organisation}</td>
              <td>{r.title}</td>
              <td>{r.role}</td>
              <td>{r.checkedInAt ?? '未签到'}</td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <SignatureLine who="专家组组长" />
    </PrintLayout>
  );
}
