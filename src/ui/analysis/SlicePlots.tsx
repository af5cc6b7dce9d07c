/**
 * Slice plots (as in Optuna): for each searched parameter, every complete trial's value of it against its
 * score, one small chart per parameter. Log parameters are drawn on a log axis (plotted as log10 so recharts
 * needs no log domain guessing); categorical ones put each declared choice at an integer position.
 */
import { useId } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatScore } from '../common/format';
import { formatTick, type SliceData } from './searchData';

export interface SlicePlotsProps {
  readonly slices: readonly SliceData[];
  /** The objective's display name, e.g. "accuracy". */
  readonly objectiveLabel: string;
}

export function SlicePlots({ slices, objectiveLabel }: SlicePlotsProps) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 12 }}>
      {slices.map((slice) => (
        <SlicePlot key={slice.name} slice={slice} objectiveLabel={objectiveLabel} />
      ))}
    </div>
  );
}

function describe(slice: SliceData, objectiveLabel: string): string {
  if (slice.points.length === 0) return `No complete trial has ${slice.name} yet.`;
  const best = slice.points.reduce((a, b) => (b.value > a.value ? b : a));
  const worst = slice.points.reduce((a, b) => (b.value < a.value ? b : a));
  return `${slice.points.length} trials; ${objectiveLabel} ranges from ${formatScore(worst.value)} (${slice.name} = ${worst.label}) to ${formatScore(best.value)} (${slice.name} = ${best.label}).`;
}

function SlicePlot({ slice, objectiveLabel }: { slice: SliceData; objectiveLabel: string }) {
  const name = `Slice plot of ${slice.name}`;
  const descriptionId = useId();
  const categorical = slice.kind === 'categorical';
  const rows = slice.points.map((p) => ({ x: slice.log ? Math.log10(p.x) : p.x, value: p.value, trial: p.trial, label: p.label }));
  const tickFormatter = (v: number) => (categorical ? (slice.levels[Math.round(v)] ?? '') : formatTick(slice.log ? 10 ** v : v));
  return (
    <figure style={{ margin: 0 }}>
      <div role="img" aria-label={name} aria-describedby={descriptionId}>
        <ResponsiveContainer width="100%" height={200}>
          <ScatterChart accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 18, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              dataKey="x"
              type="number"
              name={slice.name}
              domain={categorical ? [-0.5, Math.max(0, slice.levels.length - 1) + 0.5] : ['auto', 'auto']}
              ticks={categorical ? slice.levels.map((_, i) => i) : undefined}
              tickFormatter={tickFormatter}
              label={{ value: slice.log ? `${slice.name} (log)` : slice.name, position: 'insideBottom', offset: -10 }}
              fontSize={11}
            />
            <YAxis dataKey="value" type="number" name={objectiveLabel} width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} fontSize={11} />
            <Tooltip
              cursor={{ strokeDasharray: '3 3' }}
              formatter={(value, key) => (key === slice.name ? tickFormatter(Number(value)) : formatScore(Number(value)))}
            />
            <Scatter data={rows} fill="#2563eb" fillOpacity={0.7} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={descriptionId} className="muted" style={{ fontSize: '0.75rem' }}>
        {describe(slice, objectiveLabel)}
      </figcaption>
    </figure>
  );
}
