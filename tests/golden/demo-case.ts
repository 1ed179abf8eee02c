// The golden demo dataset (演示数据): 28 platforms in three field groups scored by seven experts
// each, generated from a fixed seed. Scores are stored as marks — percent of each criterion's
// maximum — so the one dataset can be graded with every preset, whatever its rubric: the i-th
// criterion of a rubric takes the i-th mark (cycling), snapped to the criterion's step.
//
// Built-in situations every preset must handle: a tie (T05 = T06), a tied bottom block (I09 = I10,
// which `ties: spare` leaves out of 不合格), a vetoed high scorer (T03), a recused sheet (T02),
// an item below quorum (C08), an item with only four sheets (mean instead of trimmed, C07), a
// spread beyond 20 points (I04) and a tie at the top of a small group (C01 = C02).
import type { GradeInput, Scheme } from '#scoring/types';
import { seededRandom } from '#tests/fixtures/cli/seeded-random';

export const DEMO_SEED = 'pingshen-golden-demo-2026';
const MARKS = 10;

export interface DemoItem {
  id: string;
  name: string;
  group: string;
  vetoed?: boolean;
}

export interface DemoSheet {
  itemId: string;
  expertId: string;
  recused?: boolean;
  marks: number[]; // integers 0–100, percent of the criterion's maximum
}

export interface DemoCase {
  seed: string;
  note: string;
  items: DemoItem[];
  sheets: DemoSheet[];
}

const GROUPS = [
  { code: 'T', name: '检验检测', count: 10, fields: ['智能制造', '新材料', '集成电路', '生物医药', '新能源汽车', '航空航天', '节能环保', '食品安全', '电子信息', '高端装备'] },
  { code: 'I', name: '信息服务', count: 10, fields: ['工业互联网', '工业软件', '数据标注', '知识产权', '标准信息', '计量测试', '质量追溯', '网络安全', '工业大数据', '供应链'] },
  { code: 'C', name: '创新成果产业化', count: 8, fields: ['先进陶瓷', '稀土功能材料', '精密仪器', '工业机器人', '储能电池', '光电显示', '碳纤维', '氢能装备'] },
];
const REGIONS = ['四川省', '成都市', '绵阳市', '德阳市', '上海市', '重庆市'];

function clampMark(x: number): number {
  return Math.max(0, Math.min(100, Math.round(x)));
}

export function generateDemoCase(seed = DEMO_SEED): DemoCase {
  const random = seededRandom(seed);
  const items: DemoItem[] = [];
  const sheets: DemoSheet[] = [];
  for (const group of GROUPS) {
    const experts = Array.from({ length: 7 }, (_, i) => `${group.code}E${i + 1}`);
    const bias = new Map(experts.map((e) => [e, random.int(-5, 5)]));
    for (let n = 1; n <= group.count; n++) {
      const id = `${group.code}${String(n).padStart(2, '0')}`;
      const name = `${random.pick(REGIONS)}${group.fields[n - 1]}${group.name}公共服务平台`;
      items.push({ id, name, group: group.name, ...(id === 'T03' ? { vetoed: true } : {}) });
      const quality = random.int(52, 93);
      const scorers = id === 'C07' ? experts.slice(0, 4) : id === 'C08' ? experts.slice(0, 3) : experts;
      for (const expertId of scorers) {
        let level = quality + bias.get(expertId)!;
        if (id === 'I04' && expertId === 'IE2') level -= 35;
        const marks = Array.from({ length: MARKS }, () => clampMark(level + random.int(-8, 8)));
        const recused = (id === 'T02' && expertId === 'TE3') || (id === 'C08' && expertId === 'CE3');
        sheets.push({ itemId: id, expertId, ...(recused ? { recused: true } : {}), marks });
      }
    }
  }
  // Copy sheets to build ties that hold under every rubric (same marks → same totals).
  const copy = (from: string, to: string, shift = 0) => {
    const source = sheets.filter((s) => s.itemId === from);
    for (const target of sheets.filter((s) => s.itemId === to)) {
      const match = source.find((s) => s.expertId === target.expertId)!;
      target.marks = match.marks.map((m) => clampMark(m + shift));
      if (match.recused) target.recused = true;
      else delete target.recused;
    }
  };
  copy('T05', 'T06');
  copy('C01', 'C02');
  // I09 and I10: the same low sheets, below every other item of the group.
  for (const s of sheets.filter((x) => x.itemId === 'I09')) s.marks = s.marks.map((m) => clampMark(m * 0.55));
  copy('I09', 'I10');
  return {
    seed,
    note: 'Golden demo dataset for pingshen; regenerate with UPDATE_GOLDEN=1 npx vitest run tests/integration/cli/golden.test.ts',
    items,
    sheets,
  };
}

function snap(mark: number, max: number, step: number): number {
  return Math.round((mark * max) / 100 / step) * step;
}

/** The demo dataset as GradeInput for one scheme's rubric. Recused sheets carry no scores. */
export function caseForScheme(demo: DemoCase, scheme: Scheme): GradeInput {
  const criteria = scheme.rubric.criteria;
  return {
    items: demo.items.map((i) => ({ ...i })),
    sheets: demo.sheets.map((s) => {
      const scores: Record<string, number> = {};
      if (!s.recused) {
        criteria.forEach((c, i) => {
          scores[c.id] = snap(s.marks[i % s.marks.length], c.max, c.step ?? 0.5);
        });
      }
      return { itemId: s.itemId, expertId: s.expertId, scores, ...(s.recused ? { recused: true } : {}) };
    }),
  };
}
