/** What the loaded table looks like: size, inferred task, class balance and the first rows. */
import { designatedTestRows } from '../../data/splitColumn';
import type { ColumnProfile } from '../../data/types';
import { useAppState } from '../common/storeContext';
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
  if (dataset.status !== 'ready') return null;
  if (dataset.kind === 'images') return <ImageSummary images={dataset.images} />;
  const { raw, profiles, name } = dataset.table;
  const shownColumns = raw.columns.slice(0, PREVIEW_COLUMNS);
  const designated = designatedTestRows(raw, profiles);

  let balance: { name: string; count: number }[] = [];
  if (prepared && prepared.task.kind !== 'regression') {
    const counts = new Array<number>(prepared.task.classNames.length).fill(0);
    for (const t of prepared.data.targets) counts[t]!++;
    balance = prepared.task.classNames.map((className, i) => ({ name: className, count: counts[i]! }));
  }

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
      {balance.length > 0 && (
        <p className="muted">
          Class balance: {balance.map((b) => `${b.name} ${b.count}`).join(' · ')}
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
