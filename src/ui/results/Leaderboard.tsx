/** Every trial ranked by its score: parameters, mean ± spread over folds, each fold, state and time. */
import { rankTrials } from '../../engine/study/objective';
import { populationStd } from '../../shared/stats';
import { formatDuration, formatParamValue, formatScore, METRIC_LABELS } from '../common/format';
import { useAppState } from '../common/storeContext';

export function Leaderboard() {
  const study = useAppState((s) => s.study);
  if (!study || study.trials.length === 0) return null;
  const paramNames = [...new Set(study.trials.flatMap((t) => Object.keys(t.params)))];
  const ranked = rankTrials(study.trials, study.objective);
  const crossValidated = study.config.evaluation.kind === 'cross-validation';
  const metric = METRIC_LABELS[study.objective.metric];
  const bestNumber = study.best?.trialNumber ?? null;

  return (
    <section className="panel" aria-labelledby="leaderboard-heading">
      <h2 id="leaderboard-heading">Leaderboard</h2>
      <div className="table-scroll">
        <table aria-label="Leaderboard" className="leaderboard">
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Trial</th>
              {paramNames.map((name) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
              <th scope="col">{crossValidated ? `Mean CV ${metric}` : `Validation ${metric}`}</th>
              {crossValidated && <th scope="col">± std</th>}
              {crossValidated && <th scope="col">Fold scores</th>}
              <th scope="col">State</th>
              <th scope="col">Epochs</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {ranked.map((trial, index) => {
              const isBest = trial.number === bestNumber;
              const epochsRun = new Set(trial.epochs.map((e) => `${e.fold}:${e.epoch}`)).size;
              return (
                <tr key={trial.number} className={isBest ? 'best' : undefined} aria-current={isBest ? 'true' : undefined}>
                  <td>{trial.value === null ? '—' : index + 1}</td>
                  <td>
                    #{trial.number}
                    {isBest && <span className="badge">best</span>}
                  </td>
                  {paramNames.map((name) => (
                    <td key={name}>{name in trial.params ? formatParamValue(trial.params[name]!) : '—'}</td>
                  ))}
                  <td className="num">{formatScore(trial.value)}</td>
                  {crossValidated && <td className="num">{trial.foldScores.length > 1 ? formatScore(populationStd(trial.foldScores)) : '—'}</td>}
                  {crossValidated && <td className="num">{trial.foldScores.map((s) => formatScore(s, 3)).join(' · ') || '—'}</td>}
                  <td title={trial.error}>
                    <span className={`state state-${trial.state}`}>{trial.state === 'pruned' ? `pruned @ epoch ${trial.prunedAtEpoch}` : trial.state}</span>
                    {trial.promotions && trial.promotions.length > 0 && <span className="muted"> promoted at {trial.promotions.join(', ')}</span>}
                    {trial.error && <span className="state-reason"> {trial.error}</span>}
                  </td>
                  <td className="num">{epochsRun}</td>
                  <td className="num">{formatDuration(trial.durationMs)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
