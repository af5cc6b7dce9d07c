/**
 * Residual plot of the best regression model on the test rows: predicted value against actual − predicted.
 * A good model leaves a structureless band around zero; a funnel or a curve shows what it misses.
 */
import { useId, useMemo } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatScore } from '../common/format';
import { residualSummary } from './bestModelData';
import { formatTick } from './searchData';
import { evenlySpaced, MAX_CHART_POINTS } from './thin';

export interface ResidualPlotProps {
  readonly outputs: Float32Array;
  readonly targets: Float32Array;
  /** The refit's target scaling, which turns the network's standardised outputs back into target units. */
  readonly targetScale: { readonly mean: number; readonly std: number };
  readonly targetName: string;
}

export function ResidualPlot({ outputs, targets, targetScale, targetName }: ResidualPlotProps) {
  const descriptionId = useId();
  const summary = useMemo(() => residualSummary(outputs, targets, targetScale), [outputs, targets, targetScale]);
  const rows = useMemo(() => evenlySpaced(summary.points).map((p) => ({ predicted: p.predicted, residual: p.residual, row: p.index + 1 })), [summary]);
  const { largest } = summary;
  const description =
    `${summary.points.length} test rows of ${targetName}: mean residual ${formatScore(summary.meanResidual, 3)}, RMSE ${formatScore(summary.rmse, 3)}` +
    (largest ? `; largest miss on test row ${largest.index + 1} (actual ${formatScore(largest.actual, 3)}, predicted ${formatScore(largest.predicted, 3)}).` : '.') +
    (summary.points.length > MAX_CHART_POINTS ? ` The chart shows ${MAX_CHART_POINTS} evenly spaced rows.` : '');

  return (
    <figure style={{ margin: 0 }}>
      <div role="img" aria-label="Residual plot" aria-describedby={descriptionId}>
        <ResponsiveContainer width="100%" height={280}>
          <ScatterChart accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 18, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="predicted" type="number" name="predicted" domain={['auto', 'auto']} tickFormatter={formatTick} label={{ value: `predicted ${targetName}`, position: 'insideBottom', offset: -10 }} />
            <YAxis dataKey="residual" type="number" name="residual" width={56} domain={['auto', 'auto']} tickFormatter={formatTick} label={{ value: 'actual − predicted', angle: -90, position: 'insideLeft', offset: 10 }} />
            <Tooltip cursor={{ strokeDasharray: '3 3' }} formatter={(v) => formatScore(Number(v), 3)} />
            <ReferenceLine y={0} stroke="#6b7280" />
            <Scatter data={rows} fill="#2563eb" fillOpacity={0.6} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={descriptionId} className="muted">
        {description}
      </figcaption>
    </figure>
  );
}
