// 专家评分表 (issue 10 §4): one expert's signed score sheet for every item of the session, one item
// per A4 page: criteria, scores, the stored total, comment, veto reasons, signature and date lines,
// and the header block on every page. `?expertId=` names the expert (an expert prints their own;
// the panel's chair and the agency print anyone's of the panel).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { Paper } from '#app/models/session-paper.server';
import { paperLoader } from './__print.server';
import { PaperHeadBlock, PrintLayout, SignatureLine, exportHref } from './__print';

export const meta: MetaFunction = () => [{ title: '专家评分表 · 评审工作台' }];

export const loader = (args: LoaderFunctionArgs) => paperLoader(args, 'sheets');

export default function SheetsPrint() {
  const data = useLoaderData<typeof loader>();
  const paper = data.paper as Extract<Paper, { table: 'sheets' }>;
  const { expert } = paper;
  return (
    <PrintLayout orientation="portrait" exportHref={exportHref(data.sessionId, 'sheets', expert.id)}>
      {paper.pages.length === 0 && <p>本答辩会没有评审对象。</p>}
      {paper.pages.map((page, index) => (
        <section className="page" key={index} data-testid="paper-page">
          <h1>{paper.head.title}</h1>
          <PaperHeadBlock head={paper.head} />
          <table>
            <colgroup>
              <col style={{ width: '16%' }} />
              <col style={{ width: '34%' }} />
              <col style={{ width: '16%' }} />
              <col style={{ width: '34%' }} />
            </colgroup>
            <tbody>
              <tr>
                <th>平台名称</th>
                <td>{page.itemName}</td>
                <th>申报单位</th>
                <td>{page.applicant}</td>
              </tr>
              <tr>
                <th>评审专家</th>
                <td>
                  {expert.name}（{expert.title}）
                </td>
                <th>工作单位</th>
                <td>{expert.organisation}</td>
              </tr>
              <tr>
                <th>评分表状态</th>
                <td>{page.state}</td>
                <th>提交时间</th>
                <td>{page.submittedAt ?? '—'}</td>
              </tr>
            </tbody>
          </table>
          <table data-testid="paper-table">
            <colgroup>
              <col style={{ width: '8%' }} />
              <col style={{ width: '18%' }} />
              <col style={{ width: '54%' }} />
              <col style={{ width: '10%' }} />
              <col style={{ width: '10%' }} />
            </colgroup>
            <thead>
              <tr>
                <th>序号</th>
                <th>维度</th>
                <th>评分项</th>
                <th>分值</th>
                <th>得分</th>
              </tr>
            </thead>
            <tbody>
              {page.criteria.map((c, i) => (
                <tr key={i}>
                  <td className="num">{i + 1}</td>
                  <td>{c.group ?? ''}</td>
                  <td>{c.name}</td>
                  <td className="num">{c.max}</td>
                  <td className="num">{c.score ?? ''}</td>
                </tr>
              ))}
              <tr>
                <th colSpan={3}>合计</th>
                <td className="num">{page.criteria.reduce((sum, c) => sum + c.max, 0)}</td>
                <td className="num">
                  <b>{page.total ?? ''}</b>
                </td>
              </tr>
            </tbody>
          </table>
          <table>
            <colgroup>
              <col style={{ width: '16%' }} />
              <col style={{ width: '84%' }} />
            </colgroup>
            <tbody>
              <tr>
                <th>否决提议</th>
                <td>
                  {page.vetoes.length === 0
                    ? '无'
                    : page.vetoes.map((v, i) => (
                        <div key={i}>
                          {v.name}：{v.reason}
                        </div>
                      ))}
                </td>
              </tr>
              <tr style={{ height: '22mm' }}>
                <th>评审意见</th>
                <td>{page.comment ?? ''}</td>
              </tr>
            </tbody>
          </table>
          <SignatureLine who="评审专家" />
        </section>
      ))}
    </PrintLayout>
  );
}
