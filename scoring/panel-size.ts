import type { Problem } from './types';

// Panel sizes the policies and agencies use (5, 7 or 9 experts); anything else is allowed but
// flagged, because an odd, customary size is what reviewers of the process expect to see.
export const USUAL_PANEL_SIZES: readonly number[] = [5, 7, 9];

/** The warning for an unusual panel size (专家组人数), or null for 5, 7 or 9. */
export function panelSizeWarning(size: number): Problem | null {
  if (USUAL_PANEL_SIZES.includes(size)) return null;
  return {
    code: 'unusual_size',
    message: `专家组人数为${size}人，通常为${USUAL_PANEL_SIZES.slice(0, -1).join('、')}或${USUAL_PANEL_SIZES.at(-1)}人`,
  };
}
