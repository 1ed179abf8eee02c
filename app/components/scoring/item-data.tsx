// The item's imported data on the scoring page, grouped as the round's form: the one-row sheets as
// label/value lists, the detail sheets (近三年运营, 项目成果, 服务案例, 仪器设备) as tables; then the
// eligibility summary (形式审查). Plain markup and a few light antd parts: this page must stay small.
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import type { ItemForScoring } from '#app/models/sheet.server';

type Cell = string | number | boolean | null;

function show(value: Cell): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

const OVERALL = {
  eligible: { label: '符合', color: 'green' },
  ineligible: { label: '不符合', color: 'red' },
  incomplete: { label: '材料不全', color: 'orange' },
} as const;

const RULE = {
  pass: { label: '符合', color: 'green' },
  fail: { label: '不符合', color: 'red' },
  missing: { label: '缺材料', color: 'orange' },
} as const;

export const ITEM_DATA_CSS = `
.sc-section{background:#fff;border:1px solid #e5e7eb;border-radius:6px;margin-bottom:12px}
.sc-section>h3{margin:0;padding:10px 14px;font-size:15px;border-bottom:1px solid #eef0f3;background:#fafbfc}
.sc-section>.sc-desc{padding:6px 14px 0;color:#6b7280;font-size:13px}
.sc-fields{display:grid;grid-template-columns:minmax(140px,40%) 1fr;margin:0;padding:8px 14px}
.sc-fields dt{color:#4b5563;padding:6px 8px 6px 0;border-bottom:1px dashed #eef0f3}
.sc-fields dd{margin:0;padding:6px 0;border-bottom:1px dashed #eef0f3;word-break:break-all}
.sc-table-wrap{overflow-x:auto;padding:8px 14px 12px;-webkit-overflow-scrolling:touch}
.sc-table{border-collapse:collapse;width:100%;font-size:13px}
.sc-table th,.sc-table td{border:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
.sc-table th{background:#f5f6f8;white-space:nowrap}
.sc-rules{list-style:none;margin:0;padding:8px 14px 12px}
.sc-rules li{padding:4px 0;display:flex;gap:8px;align-items:baseline}
`;

export function ItemData({ item }: { item: ItemForScoring }) {
  return (
    <div data-testid="item-data">
      <section className="sc-section">
        <h3>基本情况</h3>
        <dl className="sc-fields">
          <dt>申报单位</dt>
          <dd>{item.unitName}</dd>
          <dt>统一社会信用代码</dt>
          <dd>{item.uscc}</dd>
          <dt>领域分组</dt>
          <dd>{item.group ?? '—'}</dd>
        </dl>
      </section>
      {item.sections.map((s) => (
        <section className="sc-section" key={s.title}>
          <h3>{s.title}</h3>
          {s.description ? <div className="sc-desc">{s.description}</div> : null}
          <dl className="sc-fields">
            {s.fields.map((f) => (
              <FieldRow key={f.key} label={f.label} value={f.value} />
            ))}
          </dl>
        </section>
      ))}
      {item.tables.map((t) => (
        <section className="sc-section" key={t.key}>
          <h3>
            {t.title} <Typography.Text type="secondary">（{t.rows.length} 行）</Typography.Text>
          </h3>
          {t.description ? <div className="sc-desc">{t.description}</div> : null}
          {t.rows.length === 0 ? (
            <div className="sc-desc" style={{ paddingBottom: 12 }}>
              未填写
            </div>
          ) : (
            <div className="sc-table-wrap">
              <table className="sc-table">
                <thead>
                  <tr>
                    <th>#</th>
                    {t.columns.map((c) => (
                      <th key={c.key}>{c.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.rows.map((r, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      {t.columns.map((c) => (
                        <td key={c.key}>{show(r[c.key] ?? null)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      <Eligibility item={item} />
    </div>
  );
}

function FieldRow({ label, value }: { label: string; value: Cell }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{show(value)}</dd>
    </>
  );
}

function Eligibility({ item }: { item: ItemForScoring }) {
  const e = item.eligibility;
  return (
    <section className="sc-section" data-testid="eligibility">
      <h3>
        形式审查{' '}
        {e ? <Tag color={OVERALL[e.overall].color}>{OVERALL[e.overall].label}</Tag> : <Tag>未检查</Tag>}
        {item.eligibilityDecision === 'admitted' ? <Tag color="blue">已准入</Tag> : null}
      </h3>
      {e && e.rules.length > 0 ? (
        <ul className="sc-rules">
          {e.rules.map((r) => (
            <li key={r.id}>
              <Tag color={RULE[r.outcome].color}>{RULE[r.outcome].label}</Tag>
              <span>{r.label}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
