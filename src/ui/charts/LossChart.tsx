/** Live loss curves, one line per trial, growing as epochs arrive; the best trial is drawn thicker. */
import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppState } from '../common/storeContext';
import { curveRows, trialKey, type CurveMetric } from './curves';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

export function LossChart() {
  const trials = useAppState((s) => s.study?.trials ?? null);
  const bestNumber = useAppState((s) => s.study?.best?.trialNumber ?? null);
  const [metric, setMetric] = useState<CurveMetric>('valLoss');
  const [highlight, setHighlight] = useState<string | null>(null);
  const rows = useMemo(() => (trials ? curveRows(trials, metric) : []), [trials, metric]);
  if (!trials || trials.length === 0) return null;

  return (
    <section className="panel" aria-labelledby="curves-heading">
      <div className="panel-header">
        <h2 id="curves-heading">Loss curves</h2>
        <label className="inline">
          Show
          <select value={metric} onChange={(e) => setMetric(e.target.value as CurveMetric)}>
            <option value="valLoss">validation loss (mean over folds)</option>
            <option value="loss">training loss (mean over folds)</option>
          </select>
        </label>
      </div>
      <div className="chart" data-testid="loss-chart">
        <ResponsiveContainer width="100%" height={280}>
          {/* No accessibility layer: its tooltip takes role=status, which the page keeps for the study status. */}
      <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
            <YAxis width={56} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Legend itemSorter={(item) => Number(String(item.dataKey).slice(1))} onMouseEnter={(e) => setHighlight(String(e.dataKey))} onMouseLeave={() => setHighlight(null)} />
            {trials.map((trial, i) => {
              const key = trialKey(trial);
              const emphasised = highlight ? highlight === key : trial.number === bestNumber;
              return (
                <Line
                  key={key}
                  dataKey={key}
                  name={`trial ${trial.number}`}
                  stroke={PALETTE[i % PALETTE.length]}
                  strokeWidth={emphasised ? 3 : 1.5}
                  strokeOpacity={highlight && !emphasised ? 0.25 : 1}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
