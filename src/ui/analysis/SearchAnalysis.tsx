/**
 * "Search analysis": how the searched parameters relate to the score, from the study's trials — parallel
 * coordinates, parameter importance and one slice plot per parameter. Updates live as trials complete.
 */
import { useMemo, useState } from 'react';
import { METRIC_LABELS } from '../common/format';
import { useAppState } from '../common/storeContext';
import { paramImportance } from './importance';
import { ParallelCoordinates } from './ParallelCoordinates';
import { ParamImportance } from './ParamImportance';
import { parallelCoordinates, slicePlots } from './searchData';
import { createCompletedTrialsSelector } from './selectors';
import { SlicePlots } from './SlicePlots';

export function SearchAnalysis() {
  // Each selector returns a value or a reference the store already holds, so nothing new is made per call;
  // the complete trials keep their reference until one more completes, so the charts skip live-progress snapshots.
  const [selectCompleted] = useState(createCompletedTrialsSelector);
  const completedList = useAppState(selectCompleted);
  const hasTrials = useAppState((s) => (s.study?.trials.length ?? 0) > 0);
  const objective = useAppState((s) => s.study?.objective ?? null);
  const space = useAppState((s) => s.study?.config.space ?? null);
  const bestTrial = useAppState((s) => s.study?.best?.trialNumber ?? null);

  const analysis = useMemo(() => {
    if (!objective || !space) return null;
    const label = METRIC_LABELS[objective.metric];
    return {
      label,
      completed: completedList.length,
      parallel: parallelCoordinates(space.params, completedList, objective, label),
      slices: slicePlots(space.params, completedList),
      importance: paramImportance(space.params, completedList),
    };
  }, [completedList, objective, space]);

  if (!analysis || !space || !hasTrials) return null;
  const { label, completed } = analysis;
  const direction = objective?.direction === 'minimize' ? 'lower is better' : 'higher is better';

  return (
    <section className="panel" aria-labelledby="search-analysis-heading">
      <h2 id="search-analysis-heading">Search analysis</h2>
      {space.params.length === 0 ? (
        <p className="muted">This study searched no parameters, so there is nothing to compare.</p>
      ) : completed === 0 ? (
        <p className="muted">
          The charts appear once a trial completes (pruned and failed trials have no comparable score).
        </p>
      ) : (
        <>
          <p className="muted">
            {completed} complete trial{completed === 1 ? '' : 's'}; objective: {label} ({direction}). Pruned, failed and running trials are left out.
          </p>
          <h3>Parallel coordinates</h3>
          <ParallelCoordinates data={analysis.parallel} bestTrial={bestTrial} />
          <h3>Parameter importance</h3>
          <ParamImportance result={analysis.importance} objectiveLabel={label} />
          <h3>Slice plots</h3>
          <SlicePlots slices={analysis.slices} objectiveLabel={label} />
        </>
      )}
    </section>
  );
}
