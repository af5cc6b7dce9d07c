/**
 * The studies kept in this browser: open one (resumable when its dataset is here), delete it, and see how
 * much storage Sweeplab uses. Every study is saved as it runs, so this list survives reloads and crashes.
 */
import { useActions, useAppState } from '../common/storeContext';
import { formatBytes } from '../common/format';

const STATUS_LABELS: Record<string, string> = {
  running: 'running',
  finished: 'finished',
  stopped: 'stopped',
  interrupted: 'interrupted (tab closed or reloaded)',
  failed: 'failed',
};

export function SavedStudies() {
  const studies = useAppState((s) => s.savedStudies);
  const storage = useAppState((s) => s.storage);
  const currentId = useAppState((s) => s.study?.id ?? null);
  const running = useAppState((s) => s.study?.state === 'running');
  const actions = useActions();
  if (studies === null) return null;
  return (
    <section className="panel" aria-labelledby="saved-heading">
      <h2 id="saved-heading">Saved studies</h2>
      <p className="muted">
        Every study is saved in this browser as it runs.
        {storage && ` Storage used: ${formatBytes(storage.usageBytes)} of ${formatBytes(storage.quotaBytes)} available.`}
      </p>
      {studies.length === 0 ? (
        <p className="muted">No saved studies yet.</p>
      ) : (
        <table className="compact" aria-label="Saved studies">
          <thead>
            <tr>
              <th scope="col">Study</th>
              <th scope="col">Dataset</th>
              <th scope="col">State</th>
              <th scope="col">Trials</th>
              <th scope="col">Best</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {studies.map((s) => (
              <tr key={s.id} aria-current={s.id === currentId ? 'true' : undefined}>
                <td>
                  {s.name}
                  <br />
                  <span className="muted">{new Date(s.createdAt).toLocaleString()}</span>
                </td>
                <td>{s.datasetName}</td>
                <td>{STATUS_LABELS[s.status] ?? s.status}</td>
                <td>
                  {s.completeCount}/{s.trialCount}
                </td>
                <td>{s.bestValue === null ? '—' : s.bestValue.toFixed(4)}</td>
                <td className="button-row">
                  <button type="button" disabled={running} onClick={() => void actions.openSavedStudy(s.id)} aria-label={`Open ${s.name}`}>
                    Open
                  </button>
                  <button type="button" disabled={running && s.id === currentId} onClick={() => void actions.deleteSavedStudy(s.id)} aria-label={`Delete ${s.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
