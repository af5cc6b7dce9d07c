/** One trial up close: its parameters, every validation metric, fold scores, cost, and its own loss curves. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Trial } from '../../engine/study/types';
import { formatBytes, formatDuration, formatParamValue, formatScore } from '../common/format';
import { groupNote } from './leaderboardView';

/** Loss per epoch of the first fold (the one the pruner watches), training and validation. */
function curveRows(trial: Trial) {
  return trial.epochs.filter((e) => e.fold === 0).map((e) => ({ epoch: e.epoch + 1, loss: e.loss, valLoss: e.valLoss ?? null }));
}

export function TrialDetails({ trial, onClose }: { trial: Trial; onClose: () => void }) {
  const rows = curveRows(trial);
  return (
    <div className="trial-details" role="region" aria-label={`Trial ${trial.number}`}>
      <div className="panel-header">
        <h3>Trial #{trial.number}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="report-grid">
        <dl className="facts">
          {Object.entries(trial.params).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{formatParamValue(value)}</dd>
            </div>
          ))}
          <div>
            <dt>state</dt>
            <dd>{trial.state === 'pruned' ? `pruned after epoch ${trial.prunedAtEpoch}` : trial.state}{trial.error ? `: ${trial.error}` : ''}</dd>
          </div>
          <div>
            <dt>duration</dt>
            <dd>
              {formatDuration(trial.durationMs)} on {trial.backend ?? '—'}
              {trial.group && trial.group.size > 1 && <span className="muted"> · {groupNote(trial.group.size)}</span>}
            </dd>
          </div>
          {trial.cost && (
            <div>
              <dt>model</dt>
              <dd>
                {trial.cost.parameters.toLocaleString('en')} parameters ({formatBytes(trial.cost.bytes)}), {trial.cost.latencyMs.toFixed(2)} ms per row
              </dd>
            </div>
          )}
          {trial.foldScores.length > 1 && (
            <div>
              <dt>fold scores</dt>
              <dd>{trial.foldScores.map((s) => formatScore(s, 3)).join(' · ')}</dd>
            </div>
          )}
          {Object.entries(trial.metrics).map(([name, value]) => (
            <div key={name}>
              <dt>validation {name}</dt>
              <dd>{formatScore(value)}</dd>
            </div>
          ))}
        </dl>
        {rows.length > 0 && (
          <ResponsiveContainer width="100%" height={220}>
            <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="epoch" />
              <YAxis width={60} />
              <Tooltip />
              <Legend />
              <Line dataKey="loss" name="training loss" stroke="#2563eb" dot={false} isAnimationActive={false} />
              <Line dataKey="valLoss" name="validation loss" stroke="#dc2626" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
