import { describe, expect, it } from 'vitest';
import { drawPanel } from '#scoring/draw-panel';
import { panelSizeWarning, USUAL_PANEL_SIZES } from '#scoring/panel-size';

describe('panelSizeWarning', () => {
  it('is silent for the usual sizes 5, 7 and 9', () => {
    expect(USUAL_PANEL_SIZES).toEqual([5, 7, 9]);
    for (const size of USUAL_PANEL_SIZES) expect(panelSizeWarning(size)).toBeNull();
  });

  it('warns, in Chinese, for any other size', () => {
    expect(panelSizeWarning(6)).toEqual({
      code: 'unusual_size',
      message: '专家组人数为6人，通常为5、7或9人',
    });
    expect(panelSizeWarning(3)?.code).toBe('unusual_size');
  });

  it('is the warning the draw gives', () => {
    const pool = Array.from({ length: 8 }, (_, i) => ({ id: `e${i}`, fields: ['检验检测'] }));
    const draw = drawPanel(pool, { size: 6, backups: 0, seed: 's' });
    expect(draw.ok && draw.value.warnings).toEqual([panelSizeWarning(6)]);
  });
});
