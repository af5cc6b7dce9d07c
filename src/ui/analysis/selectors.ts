/**
 * Store selectors for the analysis panels. During a run the store publishes a fresh copy of every trial about
 * five times a second, but the search-analysis charts change only when a trial completes; this selector
 * hands back the same array until the set of complete trials changes, so the charts re-render only then
 * (and, returning a held reference, it is safe for zustand: no new object per call).
 */
import type { Trial } from '../../engine/study/types';
import type { AppState } from '../../store/appStore';
import { completedTrials, type ScoredTrial } from './searchData';

const NONE: readonly ScoredTrial[] = [];

export function createCompletedTrialsSelector(): (state: Pick<AppState, 'study'>) => readonly ScoredTrial[] {
  let lastKey = '';
  let last: readonly ScoredTrial[] = NONE;
  return (state) => {
    const study = state.study;
    if (!study) return NONE;
    const done = completedTrials(study.trials as readonly Trial[]);
    // A complete trial never changes again, so its number and score identify it within a study.
    const key = `${study.id}|${done.map((t) => `${t.number}:${t.value}`).join(',')}`;
    if (key !== lastKey) {
      lastKey = key;
      last = done.length === 0 ? NONE : done;
    }
    return last;
  };
}
