/** Every trial ranked by its score: parameters, mean ± spread over folds, each fold, state and time; sortable, filterable, and each trial can be inspected. */
import { useState } from 'react';
import type { TrialState } from '../../engine/study/types';
import { populationStd } from '../../shared/stats';
import { formatBytes, formatDuration, formatParamValue, formatScore, METRIC_LABELS } from '../common/format';
import { useAppState } from '../common/storeContext';
import { groupNote, leaderboardRows, type SortKey } from './leaderboardView';
import { TrialDetails } from './TrialDetails';

const STATES: readonly (TrialState | 'all')[] = ['all', 'complete', 'pruned', 'failed', 'running', 'stopped'];

export function Leaderboard() {
  const study = useAppState((s) => s.study);
  const [sort, setSort] = useState<SortKey>('rank');
  const [state, setState] = useState<TrialState | 'all'>('all');
  const [text, setText] = useState('');
  const [inspected, setInspected] = useState<number | null>(null);
  if (!study || study.trials.length === 0) return null;
  const paramNames = [...new Set(study.trials.flatMap((t) => Object.keys(t.params)))];
  const rows = leaderboardRows(study.trials, study.objective, { sort, state, text });
  const crossValidated = study.config.evaluation.kind === 'cross-validation';
  const metric = METRIC_LABELS[study.objective.metric];
  const bestNumber = study.best?.trialNumber ?? null;
  const ensemble = study.best?.ensemble ?? null;
  const inspectedTrial = inspected === null ? undefined : study.trials.find((t) => t.number === inspected);

  return (
    <section className="panel" aria-labelledby="leaderboard-heading">
      <div className="panel-header">
        <h2 id="leaderboard-heading">Leaderboard</h2>
        <div className="range-fields">
          <label className="inline">
            Sort by
            <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              <option value="rank">score</option>
              <option value="trial">trial number</option>
              <option value="duration">duration</option>
              <option value="epochs">epochs</option>
            </select>
          </label>
          <label className="inline">
            State
            <select value={state} onChange={(e) => setState(e.target.value as TrialState | 'all')}>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <input aria-label="Filter trials by parameter" placeholder="filter: optimizer=adam" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      </div>
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
              <th scope="col" title="Trainable parameters (float32 bytes)">Size</th>
              <th scope="col" title="Median time to predict one row on the backend that trained it">Latency</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {ensemble && (
              <tr className="ensemble-row" aria-label="Ensemble">
                <td>—</td>
                <td>
                  Ensemble <span className="badge">final model</span>
                </td>
                <td colSpan={Math.max(1, paramNames.length)}>{ensemble.members.map((m) => `#${m.trialNumber} × ${m.weight.toFixed(2)}`).join(', ')}</td>
                <td className="num">{formatScore(study.best!.value)}</td>
                {crossValidated && <td className="num">—</td>}
                {crossValidated && <td className="num">—</td>}
                <td colSpan={5} className="muted">
                  weighted average of {ensemble.members.length} trials' outputs, chosen on their validation outputs
                </td>
              </tr>
            )}
            {rows.map(({ trial, rank, epochsRun }) => {
              const isBest = trial.number === bestNumber;
              const weight = ensemble?.members.find((m) => m.trialNumber === trial.number)?.weight;
              return (
                <tr key={trial.number} className={isBest ? 'best' : undefined} aria-current={isBest ? 'true' : undefined}>
                  <td>{rank ?? '—'}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setInspected(trial.number)} aria-label={`Inspect trial ${trial.number}`}>
                      #{trial.number}
                    </button>
                    {isBest && <span className="badge">best</span>}
                    {weight !== undefined && <span className="badge">ensemble × {weight.toFixed(2)}</span>}
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
                  <td className="num">{trial.cost ? `${trial.cost.parameters.toLocaleString('en')} (${formatBytes(trial.cost.bytes)})` : '—'}</td>
                  <td className="num">{trial.cost ? `${trial.cost.latencyMs.toFixed(2)} ms` : '—'}</td>
                  <td className="num" title={trial.group && trial.group.size > 1 ? `${groupNote(trial.group.size)}: its share of the time` : undefined}>
                    {formatDuration(trial.durationMs)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {inspectedTrial && <TrialDetails trial={inspectedTrial} onClose={() => setInspected(null)} />}
    </section>
  );
}
