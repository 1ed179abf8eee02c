// 答辩安排表 (issue 10 §1, §4): each applicant's planned start, 问答, 评分 and end, breaks included,
// from plannedSlots (app/utils/session-clock.ts). A4 portrait; xlsx twin under the same access.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { Paper } from '#app/models/session-paper.server';
import { paperLoader } from './__print.server';
import { PaperHeadBlock, PrintLayout, exportHref } from './__print';

export const meta: MetaFunction = () => [{ title: '答辩安排表 · 评审工作台' }];

export const loader = (args: LoaderFunctionArgs) => paperLoader(args, 'schedule');

export default function SchedulePrint() {
  const data = useLoaderData<typeof loader>();
  const paper = data.paper as Extract<Paper, { table: 'schedule' }>;
  return (
    <PrintLayout orientation="portrait" exportHref={exportHref(data.sessionId, 'schedule')}>
      <h1>{paper.head.title}</h1>
      <PaperHeadBlock head={paper.head} />
      <p>每位申报单位：{paper.timings}</p>
      {paper.head.scheduledAt === null && <p className="muted">答辩会尚未确定开始时间，计划时间待定。</p>}
      <table data-testid="paper-table">
        <colgroup>
          <col style={{ width: '8%' }} />
          <col style={{ width: '26%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '6%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>序号</th>
            <th>平台名称</th>
            <th>申报单位</th>
            <th>陈述开始</th>
            <th>问答开始</th>
            <th>评分开始</th>
            <th>结束</th>
            <th>其后休息（分钟）</th>
          </tr>
        </thead>
        <tbody>
          {paper.rows.map((r) => (
            <tr key={r.order}>
              <td className="num">{r.order}</td>
              <td>{r.itemName}</td>
              <td>{r.applicant}</td>
              <td className="num">{r.start ?? '待定'}</td>
              <td className="num">{r.qaStart ?? '待定'}</td>
              <td className="num">{r.scoringStart ?? '待定'}</td>
              <td className="num">{r.end ?? '待定'}</td>
              <td className="num">{r.breakAfterMinutes || ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </PrintLayout>
  );
}
