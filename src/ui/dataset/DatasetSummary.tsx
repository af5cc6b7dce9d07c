/**
 * What the loaded table looks like: size, inferred task, rows left out for want of a target value, class
 * balance (and a warning when it is imbalanced, with one click to a class-balanced objective), the columns and
 * the first rows.
 */
import { imbalanceNote, imbalanceOf } from '../../data/imbalance';
import { METRIC_LABELS } from '../common/format';
import { unlabelledRowsNote } from '../../data/rows';
import { designatedTestRows } from '../../data/splitColumn';
import type { ColumnProfile } from '../../data/types';
import { useActions, useAppState } from '../common/storeContext';
import { ColumnProfiles } from './ColumnProfiles';
import { ImageSummary } from './ImageSummary';

const PREVIEW_ROWS = 5;

function kindCounts(profiles: readonly ColumnProfile[]): string {
  const counts = new Map<string, number>();
  for (const p of profiles) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  return [...counts.entries()].map(([kind, n]) => `${n} ${kind}`).join(', ');
}
const PREVIEW_COLUMNS = 8;

export function DatasetSummary() {
  const dataset = useAppState((s) => s.dataset);
  const prepared = useAppState((s) => s.prepared);
  const objective = useAppState((s) => s.settings.objective);
  const running = useAppState((s) => s.study?.state === 'running');
  const actions = useActions();
  if (dataset.status !== 'ready') return null;
  if (dataset.kind === 'images') return <ImageSummary images={dataset.images} />;
  const { raw, profiles, name } = dataset.table;
  const shownColumns = raw.columns.slice(0, PREVIEW_COLUMNS);
  const designated = designatedTestRows(raw, profiles);

  let balance: { name: string; count: number }[] = [];
  let imbalance: string | null = null;
  if (prepared && prepared.task.kind !== 'regression') {
    // Splits are stratified, so the training rows keep these shares.
    const classes = imbalanceOf(prepared.data.targets, prepared.task.classNames.length);
    balance = prepared.task.classNames.map((className, i) => ({ name: className, count: classes.counts[i]! }));
    imbalance = imbalanceNote(classes, prepared.task.classNames);
  }
  const unlabelled = prepared?.unlabelledRows ?? [];

  return (
    <div className="summary">
      <p>
        <strong>{name}</strong>: {raw.rows.length.toLocaleString('en')} rows × {raw.columns.length} columns
        {' · '}
        {kindCounts(profiles)}
        {prepared && (
          <>
            {' · '}task: <strong data-testid="task-kind">{prepared.task.kind}</strong>
            {prepared.task.kind !== 'regression' && ` (${prepared.task.classNames.length} classes)`}
          </>
        )}
      </p>
      {designated && (
        <p className="muted" data-testid="designated-split">
          Test set: the {designated.length.toLocaleString('en')} rows marked “test” in the column “{profiles.find((p) => p.kind === 'split')?.name}”, kept
          for the final score (the test fraction setting does not apply).
        </p>
      )}
      {prepared && unlabelled.length > 0 && (
        <p className="muted" data-testid="unlabelled-rows">
          {unlabelledRowsNote(unlabelled, prepared.task.target)}
        </p>
      )}
      {balance.length > 0 && (
        <p className="muted">
          Class balance: {balance.map((b) => `${b.name} ${b.count}`).join(' · ')}
        </p>
      )}
      {imbalance && (
        <p className="warning" data-testid="imbalance">
          {imbalance}{' '}
          {objective === 'balanced_accuracy' || objective === 'macro_f1' ? (
            <span data-testid="balanced-objective">Objective: {METRIC_LABELS[objective]}, with balanced class weights.</span>
          ) : (
            <button type="button" disabled={running} onClick={() => actions.updateSettings({ objective: 'balanced_accuracy' })}>
              Optimise balanced accuracy
            </button>
          )}
        </p>
      )}
      <ColumnProfiles />
      <div className="table-scroll">
        <table className="preview" aria-label="Data preview">
          <thead>
            <tr>
              {shownColumns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              {raw.columns.length > PREVIEW_COLUMNS && <th>… {raw.columns.length - PREVIEW_COLUMNS} more</th>}
            </tr>
          </thead>
          <tbody>
            {raw.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
              <tr key={r}>
                {shownColumns.map((c, i) => (
                  <td key={c}>{row[i]}</td>
                ))}
                {raw.columns.length > PREVIEW_COLUMNS && <td />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
