/**
 * Which TensorFlow.js backend trains, for which workload, and why: the probe's figures (fastest first, lost
 * backends with their reason) or the fallback taken.
 */
import { WORKLOAD_LABELS } from '../../protocol/backend';
import { useActions, useAppState } from '../common/storeContext';

export function BackendInfo() {
  const backend = useAppState((s) => s.study?.backend ?? null);
  const running = useAppState((s) => s.study?.state === 'running');
  const actions = useActions();
  if (!backend) return null;
  return (
    <section className="backend-info" aria-label="Backend">
      <p>
        Backend: <strong data-testid="backend-chosen">{backend.chosen}</strong>
        {backend.workload && <span data-testid="backend-workload"> for {WORKLOAD_LABELS[backend.workload]}</span>} —{' '}
        <span data-testid="backend-reason">{backend.reason}</span>
        {backend.preference === 'auto' && !running && (
          <button type="button" className="link-button" onClick={() => actions.remeasureBackends()}>
            Measure again next run
          </button>
        )}
      </p>
      {backend.notes.map((note) => (
        <p key={note} className="warning" data-testid="backend-note">
          {note}
        </p>
      ))}
    </section>
  );
}
