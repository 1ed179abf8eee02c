import { describe, expect, it } from 'vitest';
import {
  ROUND_STATES,
  roundAllows,
  scoringHasStarted,
  stateAfterImport,
  statesAllowing,
  type RoundAction,
} from '#scoring/round-states';

const SETUP_ACTIONS: RoundAction[] = [
  'editFacts',
  'editRubric',
  'import',
  'decideEligibility',
  'drawPanel',
  'assign',
  'startScoring',
];

describe('roundAllows', () => {
  it('allows every setup action before scoring and none from scoring on', () => {
    for (const action of SETUP_ACTIONS) {
      expect(statesAllowing(action)).toEqual(['draft', 'importing', 'reviewing']);
      for (const state of ['scoring', 'results', 'published', 'closed'])
        expect(roundAllows(state, action), `${action} in ${state}`).toBe(false);
    }
  });

  it('allows scoring only while the round is scoring', () => {
    expect(ROUND_STATES.filter((s) => roundAllows(s, 'score'))).toEqual(['scoring']);
  });

  it('allows nothing in a state it does not know', () => {
    for (const action of [...SETUP_ACTIONS, 'score' as const]) {
      expect(roundAllows('reviewing ', action)).toBe(false);
      expect(roundAllows('__proto__', action)).toBe(false);
      expect(roundAllows('', action)).toBe(false);
    }
  });

  it('returns a copy, so a caller cannot change the table', () => {
    statesAllowing('import').push('closed');
    expect(roundAllows('closed', 'import')).toBe(false);
  });
});

describe('scoringHasStarted', () => {
  it('is true from 专家评审 on, and false for unknown states', () => {
    expect(ROUND_STATES.filter(scoringHasStarted)).toEqual(['scoring', 'results', 'published', 'closed']);
    expect(scoringHasStarted('constructor')).toBe(false);
  });
});

describe('stateAfterImport', () => {
  it('moves 草稿 and 材料导入 to 形式审查 and leaves the others', () => {
    expect(ROUND_STATES.map((s) => [s, stateAfterImport(s)])).toEqual([
      ['draft', 'reviewing'],
      ['importing', 'reviewing'],
      ['reviewing', null],
      ['scoring', null],
      ['results', null],
      ['published', null],
      ['closed', null],
    ]);
  });
});
