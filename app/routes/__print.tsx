// The shared layout of a defence session's printouts (print.sessions.$sessionId.*.tsx, issue 10 §4):
// A4 print CSS (page size and margins, table headers repeated on each page, rows never split,
// fixed table layout so nothing is ever clipped: long text wraps inside its cell), the header block
// every printout carries (round, panel, session, time printed in Beijing time, audit chain head),
// signature lines, and a toolbar (print, xlsx) that only shows on screen. Plain elements, no antd.
import type { ReactNode } from 'react';
import type { PaperHead, PaperTable } from '#app/models/session-paper.server';

function css(orientation: 'portrait' | 'landscape'): string {
  return `
@page{size:A4 ${orientation};margin:${orientation === 'portrait' ? '14mm 12mm 14mm 12mm' : '10mm 10mm 10mm 10mm'}}
html,body{background:#fff !important;color:#000}
.paper{font-family:"SimSun","Songti SC","Noto Serif CJK SC","Noto Sans CJK SC","WenQuanYi Micro Hei",serif;
  font-size:${orientation === 'portrait' ? '11pt' : '9pt'};line-height:1.45;color:#000;background:#fff;
  max-width:${orientation === 'portrait' ? '186mm' : '277mm'};margin:0 auto;padding:8mm 0}
.paper *{box-sizing:border-box}
.paper h1{font-size:${orientation === 'portrait' ? '18pt' : '15pt'};text-align:center;margin:0 0 3mm;letter-spacing:0.1em}
.paper h2{font-size:12pt;margin:4mm 0 2mm}
.paper-head{display:grid;grid-template-columns:1fr 1fr;gap:0.5mm 6mm;margin-bottom:3mm;font-size:0.92em}
.paper-head div{overflow-wrap:anywhere;word-break:break-all}
.paper-head .wide{grid-column:1 / -1}
.paper-chain{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.85em}
.paper table{width:100%;border-collapse:collapse;table-layout:fixed;margin:2mm 0}
.paper th,.paper td{border:0.3mm solid #000;padding:1mm 1.5mm;vertical-align:middle;
  overflow-wrap:anywhere;word-break:break-all;text-align:left}
.paper th{background:#eee;font-weight:bold;text-align:center}
.paper td.num{text-align:right;font-variant-numeric:tabular-nums}
.paper thead{display:table-header-group}
.paper tfoot{display:table-footer-group}
.paper tr{break-inside:avoid;page-break-inside:avoid}
.paper .block{break-inside:avoid-page}
.paper .page{break-after:page;page-break-after:always}
.paper .page:last-child{break-after:auto;page-break-after:auto}
.paper .sign{display:flex;justify-content:flex-end;gap:12mm;margin-top:8mm;break-inside:avoid}
.paper .sign span{white-space:nowrap}
.paper .line{display:inline-block;min-width:40mm;border-bottom:0.3mm solid #000}
.paper .short{min-width:12mm}
.paper .muted{color:#333}
.paper-bar{display:flex;gap:12px;justify-content:center;padding:12px;background:#f1f5f9;border-bottom:1px solid #cbd5e1;
  font-family:sans-serif}
.paper-bar button,.paper-bar a{font-size:14px;padding:6px 14px;border:1px solid #1d4ed8;border-radius:4px;
  background:#1d4ed8;color:#fff;text-decoration:none;cursor:pointer}
.paper-bar a{background:#fff;color:#1d4ed8}
@media print{.paper-bar{display:none}.paper{padding:0;max-width:none}}
`;
}

export function PaperHeadBlock({ head }: { head: PaperHead }) {
  const session = [head.sessionName, head.scheduledAt, head.venue].filter(Boolean).join(' · ');
  return (
    <div className="paper-head" data-testid="paper-head">
      <div className="wide">评审工作：{head.roundName}</div>
      <div>专家组：{head.panelName}</div>
      <div>答辩会：{session}</div>
      <div>打印时间：{head.printedAt}（北京时间）</div>
      <div className="paper-chain">
        {head.chainLabel}
        <br />
        {head.chain.hash}
      </div>
    </div>
  );
}

/** `签名：______ 日期：____年__月__日` */
export function SignatureLine({ who }: { who: string }) {
  return (
    <div className="sign">
      <span>
        {who}（签名）：
        <span className="line" />
      </span>
      <span>
        日期：
        <span className="line short" />年<span className="line short" />月
        <span className="line short" />日
      </span>
    </div>
  );
}

export function PrintLayout({
  orientation,
  exportHref,
  children,
}: {
  orientation: 'portrait' | 'landscape';
  exportHref: string;
  children: ReactNode;
}) {
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: css(orientation) }} />
      <div className="paper-bar">
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
        <a href={exportHref}>导出 Excel</a>
      </div>
      <div className={`paper ${orientation}`} data-testid="paper">
        {children}
      </div>
    </>
  );
}

export function exportHref(sessionId: string, table: PaperTable, expertId?: string): string {
  const q = new URLSearchParams({ table, format: 'xlsx' });
  if (expertId) q.set('expertId', expertId);
  return `/api/v1/sessions/${encodeURIComponent(sessionId)}/export?${q.toString()}`;
}
