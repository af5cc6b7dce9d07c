import { describe, expect, it } from 'vitest';
import type { Trial } from '../../engine/study/types';
import { curveRows } from './curves';

const trial = (number: number, epochs: Trial['epochs']): Trial => ({
  number, state: 'complete', params: {}, system: {}, epochs, foldScores: [], metrics: {}, value: null, startedAt: 0, durationMs: 0, backend: null,
});

describe('curveRows', () => {
  it('averages each epoch over the folds reported so far, one column per trial', () => {
    const rows = curveRows(
      [
        trial(0, [
          { fold: 0, epoch: 0, loss: 1, valLoss: 2 },
          { fold: 0, epoch: 1, loss: 0.5, valLoss: 1 },
          { fold: 1, epoch: 0, loss: 3, valLoss: 4 },
        ]),
        trial(1, [{ fold: 0, epoch: 0, loss: 9 }]),
      ],
      'valLoss',
    );
    expect(rows).toEqual([
      { epoch: 1, t0: 3, t1: 9 },
      { epoch: 2, t0: 1 },
    ]);
    expect(curveRows([trial(0, [{ fold: 0, epoch: 0, loss: 1, valLoss: 2 }])], 'loss')).toEqual([{ epoch: 1, t0: 1 }]);
  });
});
