/** The outcome in one line, as GridSearchCV prints it ("Best: … using …"), plus the held-out test score. */
import { modelFilesCaption } from '../../orchestrator/modelFiles';
import { downloadBlob, downloadText } from '../common/download';
import type { MetricName } from '../../metrics/metrics';
import { formatParams, formatScore, METRIC_LABELS } from '../common/format';
import { useActions, useAppState } from '../common/storeContext';

export function BestResult() {
  const study = useAppState((s) => s.study);
  const bestModel = useAppState((s) => s.study?.bestModel ?? null);
  const actions = useActions();
  if (!study?.best) return null;
  const exportModel = () => {
    const files = actions.exportModelFiles();
    if (!files) return;
    for (const file of files) {
      if (typeof file.content === 'string') downloadText(file.content, file.name);
      else downloadBlob(new Blob([file.content], { type: 'application/octet-stream' }), file.name);
    }
  };
  const { best, objective, dataset } = study;
  const test = best.testMetrics;
  const metricLabel = METRIC_LABELS[objective.metric];
  const label = study.config.evaluation.kind === 'cross-validation' ? `mean CV ${metricLabel}` : `validation ${metricLabel}`;
  const otherTestMetrics = test ? Object.entries(test).filter(([name]) => name !== objective.metric && name !== 'loss' && name in METRIC_LABELS) : [];
  return (
    <section className="panel best-result" aria-label="Best result">
      <p data-testid="best-summary">
        {best.ensemble ? (
          <>
            Best: <strong>{formatScore(best.value)}</strong> ({label}) with an ensemble of {best.ensemble.members.length} trials:{' '}
            {best.ensemble.members.map((m) => `#${m.trialNumber} × ${m.weight.toFixed(2)}`).join(', ')} (best single trial #{best.trialNumber}:{' '}
            {formatScore(best.ensemble.bestSingleValue)}, using {formatParams(best.params)})
          </>
        ) : (
          <>
            Best: <strong>{formatScore(best.value)}</strong> ({label}) using {formatParams(best.params)} — trial #{best.trialNumber}
          </>
        )}
      </p>
      <p data-testid="test-summary">
        {test ? (
          <>
            Test {metricLabel}: <strong>{formatScore(test[objective.metric])}</strong> ({best.ensemble ? 'every member ' : ''}refit on {dataset.trainRows} training rows, scored once on{' '}
            {dataset.testRows} held-out rows)
            <span className="muted" data-testid="test-metrics">
              {' · '}
              {otherTestMetrics.map(([name, value]) => `${METRIC_LABELS[name as MetricName]} ${formatScore(value, 3)}`).join(' · ')}
            </span>
          </>
        ) : study.state === 'running' ? (
          'Refitting the best configuration and scoring it on the test split…'
        ) : (
          'No test score (the study ended before the refit).'
        )}
      </p>
      {bestModel && (
        <p>
          <button type="button" onClick={exportModel}>
            Export model
          </button>{' '}
          <span className="muted">{modelFilesCaption(bestModel)}</span>
        </p>
      )}
    </section>
  );
}
