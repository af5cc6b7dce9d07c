/** Optimisation history (as in Optuna's dashboard): every finished trial's score and the best so far. */
import { useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { METRIC_LABELS } from '../common/format';
import { useAppState } from '../common/storeContext';
import { historyRows } from './history';

export function HistoryChart() {
  const trials = useAppState((s) => s.study?.trials ?? null);
  const objective = useAppState((s) => s.study?.objective ?? null);
  const rows = useMemo(() => (trials && objective ? historyRows(trials, objective.direction) : []), [trials, objective]);
  if (!objective || rows.length < 2) return null;
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">Optimisation history</h2>
      <div className="chart" data-testid="history-chart">
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="trial" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} label={{ value: 'trial', position: 'insideBottomRight', offset: -4 }} />
            <YAxis width={56} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Scatter dataKey="value" name={METRIC_LABELS[objective.metric]} fill="#2563eb" isAnimationActive={false} />
            <Line dataKey="best" name="best so far" stroke="#16a34a" strokeWidth={2} dot={false} type="stepAfter" isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
