/**
 * Permutation feature importance of the refit best model (table studies): each input column shuffled across
 * the test rows, three times, and the mean drop of the test score shown per column. Computed on request, in
 * the worker, because it runs the model once more over stacked copies of the test set.
 */
import { useActions, useAppState } from '../common/storeContext';
import { formatScore } from '../common/format';

export function PermutationImportance() {
  const tryIt = useAppState((s) => s.tryIt);
  const studyId = useAppState((s) => s.study?.id ?? null);
  const hasModel = useAppState((s) => s.study?.bestModel != null);
  const actions = useActions();
  if (!tryIt || tryIt.studyId !== studyId || !tryIt.testSet || !hasModel) return null;
  const { importance } = tryIt;
  const rows = Array.isArray(importance) ? importance : [];
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.drop)));
  return (
    <div className="permutation-importance">
      <h3>Permutation importance</h3>
      <p className="muted">
        How much the test score drops when one column&apos;s values are shuffled across the test rows (mean of 3 seeded shuffles; one-hot
        levels, indicators and date parts of a column are shuffled together). Near zero: the model does not rely on it.
      </p>
      <button type="button" disabled={tryIt.busy} onClick={() => void actions.computeImportance()}>
        {rows.length > 0 ? 'Compute again' : 'Compute permutation importance'}
      </button>
      {typeof importance === 'string' && <p className="error">{importance}</p>}
      {rows.length > 0 && (
        <table aria-label="Permutation importance" className="compact">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Score drop</th>
              <th scope="col">± std</th>
              <th scope="col" aria-label="Bar" />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.column}>
                <td>{r.column}</td>
                <td className="num">{formatScore(r.drop)}</td>
                <td className="num">{formatScore(r.std)}</td>
                <td>
                  <span className="bar" style={{ width: `${Math.max(0, (100 * r.drop) / max)}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
