/**
 * "Best model": diagnostics of the best configuration refit on the training rows and scored once on the
 * held-out test rows — an ROC curve (classification) or a residual plot (regression), and for classification
 * a confusion matrix whose cells list their test samples. Appears once the refit's test outputs exist.
 */
import { useMemo } from 'react';
import { confusionMatrix } from '../../metrics/metrics';
import { datasetIdentity } from '../../store/appStore';
import { designatedTestRowsOf } from '../../store/datasetActions';
import { useAppState } from '../common/storeContext';
import { ArchitectureSummary } from './ArchitectureSummary';
import { ConfusionMatrix } from './ConfusionMatrix';
import { PermutationImportance } from './PermutationImportance';
import { PerClassTable } from './PerClassTable';
import { ResidualPlot } from './ResidualPlot';
import { RocCurve } from './RocCurve';
import { recoverTestRows } from './testSamples';

export function BestModelViews() {
  // Plain references from the store (or null): no fresh objects, so no render loops.
  const predictions = useAppState((s) => s.study?.testPredictions ?? null);
  const summary = useAppState((s) => s.study?.dataset ?? null);
  const config = useAppState((s) => s.study?.config ?? null);
  const targetScale = useAppState((s) => s.study?.bestModel?.preprocessing.targetScale ?? null);
  const bestTrial = useAppState((s) => s.study?.best?.trialNumber ?? null);
  const bestModel = useAppState((s) => s.study?.bestModel ?? null);
  const preparedData = useAppState((s) => s.prepared?.data ?? null);
  const loaded = useAppState((s) => s.dataset);

  const fingerprint = loaded.status === 'ready' ? datasetIdentity(loaded).fingerprint : null;
  const designated = useMemo(() => (loaded.status === 'ready' ? designatedTestRowsOf(loaded) : null), [loaded]);
  const testRows = useMemo(
    () => (predictions && summary && config ? recoverTestRows({ config, dataset: summary, testPredictions: predictions }, preparedData, fingerprint, designated) : null),
    [predictions, summary, config, preparedData, fingerprint, designated],
  );
  const classification = summary !== null && summary.task !== 'regression' && summary.classNames.length >= 2;
  const k = summary?.classNames.length ?? 0;
  const usable = predictions !== null && (classification ? predictions.outputs.length === predictions.targets.length * k : predictions.outputs.length === predictions.targets.length);
  const counts = useMemo(
    () => (usable && classification && predictions ? confusionMatrix(predictions.outputs, predictions.targets, k) : null),
    [usable, classification, predictions, k],
  );

  if (!predictions || !summary || !usable) return null;
  const table = testRows && loaded.status === 'ready' && loaded.kind === 'table' ? loaded.table.raw : null;

  return (
    <section className="panel" aria-labelledby="best-model-heading">
      <h2 id="best-model-heading">Best model</h2>
      <p className="muted">
        {bestTrial !== null ? `Trial #${bestTrial}'s configuration` : 'The best configuration'}, refit on {summary.trainRows} training rows and scored once on{' '}
        {summary.testRows} held-out test rows.
      </p>
      {bestModel && <ArchitectureSummary model={bestModel} />}
      <PermutationImportance />
      {classification ? (
        <div className="report-grid" style={{ gridTemplateColumns: 'minmax(280px, 1fr) minmax(280px, 1fr)' }}>
          <div>
            <h3>ROC curve</h3>
            <RocCurve outputs={predictions.outputs} targets={predictions.targets} classNames={summary.classNames} />
          </div>
          <div>
            <h3>Confusion matrix</h3>
            <ConfusionMatrix outputs={predictions.outputs} targets={predictions.targets} classNames={summary.classNames} testRows={testRows} table={table} />
            {counts && (
              <>
                <h3>Per-class metrics</h3>
                <PerClassTable counts={counts} classNames={summary.classNames} />
              </>
            )}
          </div>
        </div>
      ) : targetScale ? (
        <>
          <h3>Residual plot</h3>
          <ResidualPlot outputs={predictions.outputs} targets={predictions.targets} targetScale={targetScale} targetName={summary.target} />
        </>
      ) : (
        <p className="muted">The residual plot needs the refit model&apos;s target scaling, which this study does not have.</p>
      )}
    </section>
  );
}
