// The rubric as a score form: per criterion its points (max), step, weight and 评分要点, a large
// number field (tablet: numeric keyboard, big tap targets), and the message beside it when the
// value breaks the engine's rules or the server named it; then 一票否决 proposals, each with its
// required reason, and the comment.
import Checkbox from '#antd/checkbox';
import Input from '#antd/input';
import InputNumber from '#antd/input-number';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import type { SheetCriterion } from '#app/models/sheet.server';
import type { DraftContent } from './draft-store';

export const SCORE_FORM_CSS = `
.sc-criteria{list-style:none;margin:0;padding:0}
.sc-criterion{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:12px 14px;margin-bottom:10px}
.sc-criterion.has-error{border-color:#ef4444}
.sc-criterion-head{display:flex;justify-content:space-between;gap:12px;align-items:flex-start}
.sc-criterion-name{font-weight:600;font-size:15px}
.sc-criterion-meta{color:#6b7280;font-size:13px;margin-top:2px}
.sc-guidance{color:#374151;font-size:13px;margin-top:6px;white-space:pre-wrap}
.sc-score .ant-input-number{width:132px}
.sc-score .ant-input-number-input{height:46px;font-size:20px;text-align:right}
.sc-error{color:#dc2626;font-size:13px;margin-top:6px}
.sc-group{margin:14px 0 6px;font-size:14px;color:#1d4ed8;font-weight:600}
.sc-veto{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:12px 14px;margin-bottom:10px}
.sc-veto .ant-checkbox-wrapper{font-size:15px;padding:6px 0}
.sc-veto .ant-checkbox-inner{width:22px;height:22px}
`;

type Props = {
  criteria: SheetCriterion[];
  vetoes: { id: string; name: string }[];
  content: DraftContent;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (content: DraftContent) => void;
};

function stepText(c: SheetCriterion): string {
  return c.step === null ? '任意分值' : `步长 ${c.step}`;
}

export function ScoreForm({ criteria, vetoes, content, errors, readOnly, onChange }: Props) {
  const setScore = (id: string, value: number | string | null) => {
    const scores = { ...content.scores };
    const n = typeof value === 'string' ? Number(value) : value;
    if (n === null || value === '' || Number.isNaN(n)) delete scores[id];
    else scores[id] = n;
    onChange({ ...content, scores });
  };
  const proposal = (vetoId: string) => content.vetoProposals.find((p) => p.vetoId === vetoId);
  const setVeto = (vetoId: string, on: boolean, reason?: string) => {
    const rest = content.vetoProposals.filter((p) => p.vetoId !== vetoId);
    const next = on ? [...rest, { vetoId, reason: reason ?? proposal(vetoId)?.reason ?? '' }] : rest;
    onChange({ ...content, vetoProposals: next });
  };
  let lastGroup: string | null | undefined;
  return (
    <div data-testid="score-form">
      <ol className="sc-criteria">
        {criteria.map((c) => {
          const heading = c.group && c.group !== lastGroup ? c.group : null;
          lastGroup = c.group;
          const error = errors[c.id];
          return (
            <li key={c.id}>
              {heading ? <div className="sc-group">{heading}</div> : null}
              <div className={`sc-criterion${error ? ' has-error' : ''}`} data-testid={`criterion-${c.id}`}>
                <div className="sc-criterion-head">
                  <div>
                    <div className="sc-criterion-name">{c.name}</div>
                    <div className="sc-criterion-meta">
                      满分 {c.max} 分 · {stepText(c)} · 权重 {c.weight}
                      {c.required ? null : <Tag style={{ marginLeft: 6 }}>选填</Tag>}
                    </div>
                  </div>
                  <label className="sc-score">
                    <span className="sr-only" style={{ position: 'absolute', left: -9999 }}>
                      {c.name}得分
                    </span>
                    <InputNumber
                      aria-label={`${c.name}得分`}
                      data-testid={`score-${c.id}`}
                      value={content.scores[c.id] ?? null}
                      onChange={(v) => setScore(c.id, v)}
                      disabled={readOnly}
                      inputMode="decimal"
                      controls={false}
                      placeholder={`0–${c.max}`}
                      status={error ? 'error' : undefined}
                    />
                  </label>
                </div>
                {c.guidance ? (
                  <div className="sc-guidance">
                    <Typography.Text type="secondary">评分要点：</Typography.Text>
                    {c.guidance}
                  </div>
                ) : null}
                {error ? (
                  <div className="sc-error" role="alert" data-testid={`error-${c.id}`}>
                    {error}
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {vetoes.length > 0 ? (
        <>
          <div className="sc-group">一票否决</div>
          {vetoes.map((v) => {
            const p = proposal(v.id);
            const error = errors[`veto:${v.id}`];
            return (
              <div className="sc-veto" key={v.id} data-testid={`veto-${v.id}`}>
                <Checkbox
                  checked={p !== undefined}
                  disabled={readOnly}
                  onChange={(e) => setVeto(v.id, e.target.checked)}
                >
                  提议一票否决：{v.name}
                </Checkbox>
                {p ? (
                  <Input.TextArea
                    aria-label={`${v.name}的否决理由`}
                    placeholder="请填写否决理由（必填）"
                    value={p.reason}
                    disabled={readOnly}
                    maxLength={500}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    status={error ? 'error' : undefined}
                    onChange={(e) => setVeto(v.id, true, e.target.value)}
                  />
                ) : null}
                {error ? <div className="sc-error">{error}</div> : null}
              </div>
            );
          })}
        </>
      ) : null}
      <div className="sc-group">评语</div>
      <Input.TextArea
        aria-label="评语"
        data-testid="comment"
        value={content.comment}
        disabled={readOnly}
        maxLength={2000}
        showCount
        autoSize={{ minRows: 3, maxRows: 10 }}
        placeholder="对该评审对象的意见（选填）"
        onChange={(e) => onChange({ ...content, comment: e.target.value })}
      />
      {errors.comment ? <div className="sc-error">{errors.comment}</div> : null}
    </div>
  );
}

/** 一票否决 proposals without a reason: the form's own check before 提交 (the server refuses them too). */
export function vetoErrors(content: DraftContent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of content.vetoProposals)
    if (p.reason.trim() === '') out[`veto:${p.vetoId}`] = '请填写否决理由';
  return out;
}
