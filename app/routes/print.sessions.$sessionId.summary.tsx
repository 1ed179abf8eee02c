// 评审汇总表 (issue 10 §4): for each item of the session, expert × criterion with each sheet's stored
// total, then the item's stored Result (score, grade — 暂定 while provisional — and flags). Experts
// are named: this is paper for the file, printed only by the agency and the panel's chair, and signed
// by the chair. A4 landscape with smaller type; the table layout is fixed, so text wraps, never clips.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { Paper } from '#app/models/session-paper.server';
import { paperLoader } from './__print.server';
import { PaperHeadBlock, PrintLayout, SignatureLine, exportHref } from './__print';

export const meta: MetaFunction = () => [{ title: '评审汇总表 · 评审工作台' }];

export const loader = (args: LoaderFunctionArgs) => paperLoader(args, 'summary');

export default function SummaryPrint() {
  const data = useLoaderData<typeof loader>();
  const paper = data.paper as Extract<Paper, { table: 'summary' }>;
  const n = paper.criteria.length;
  // Expert and state columns, one per criterion, the total: shares of the page's width.
  const fixed = { expert: 10, state: 6, total: 7 };
  const each = (100 - fixed.expert - fixed.state - fixed.total) / Math.max(1, n);
  return (
    <PrintLayout orientation="landscape" exportHref={exportHref(data.sessionId, 'summary')}>
      <h1>{paper.head.title}</h1>
      <PaperHeadBlock head={paper.head} />
      {paper.blocks.map((block, index) => (
        <div className="block" key={index} data-testid="paper-block">
          <h2>
            {index + 1}. {block.itemName}
            <span className="muted">（{block.applicant}）</span>
          </h2>
          <table data-testid="paper-table">
            <colgroup>
              <col style={{ width: `${fixed.expert}%` }} />
              <col style={{ width: `${fixed.state}%` }} />
              {paper.criteria.map((_, i) => (
                <col key={i} style={{ width: `${each}%` }} />
              ))}
              <col style={{ width: `${fixed.total}%` }} />
            </colgroup>
            <thead>
              <tr>
                <th>专家</th>
                <th>状态</th>
                {paper.criteria.map((c, i) => (
                  <th key={i}>
                    {c.name}（{c.max}分）
                  </th>
                ))}
                <th>合计</th>
              </tr>
            </thead>
            <tbody>
              {block.experts.map((e, i) => (
                <tr key={i}>
                  <td>{e.expertName}</td>
                  <td>{e.state}</td>
                  {e.scores.map((s, j) => (
                    <td className="num" key={j}>
                      {s ?? ''}
                    </td>
                  ))}
                  <td className="num">{e.total ?? ''}</td>
                </tr>
              ))}
              <tr>
                <th colSpan={2}>对象得分</th>
                <td colSpan={n + 1}>
                  <b>{block.score ?? '—'}</b>　等级：
                  <b>{block.grade ? `${block.grade}${block.provisional ? '（暂定）' : ''}` : '—'}</b>
                  　有效评分 / 应评：{block.counted}
                  {block.flags.length > 0 && `　标记：${block.flags.join('、')}`}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      ))}
      {paper.blocks.length === 0 && <p>本答辩会没有评审对象。</p>}
      <SignatureLine who={`专家组组长${paper.chairName ? `（${paper.chairName}）` : ''}`} />
    </PrintLayout>
  );
}
