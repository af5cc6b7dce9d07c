/**
 * ROC curve of the best model on the test rows with its AUC. Binary tasks plot the second class against the
 * first; multi-class tasks plot one class against the rest, chosen from a menu.
 */
import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatScore } from '../common/format';
import { rocForClass } from './bestModelData';
import { evenlySpaced } from './thin';

export interface RocCurveProps {
  readonly outputs: Float32Array;
  readonly targets: Float32Array;
  readonly classNames: readonly string[];
}

export function RocCurve({ outputs, targets, classNames }: RocCurveProps) {
  const k = classNames.length;
  const [chosen, setChosen] = useState(k === 2 ? 1 : 0);
  // Binary tasks always score the second class; the menu (and `chosen`) only matters with three or more.
  const positive = k === 2 ? 1 : Math.min(chosen, k - 1);
  const descriptionId = useId();
  const curve = useMemo(() => rocForClass(outputs, targets, k, positive), [outputs, targets, k, positive]);
  const rows = useMemo(() => evenlySpaced(curve.points).map((p) => ({ fpr: p.fpr, tpr: p.tpr })), [curve]);
  const className = classNames[positive] ?? String(positive);
  const versus = k === 2 ? (classNames[0] ?? '0') : 'the other classes';
  const description = Number.isFinite(curve.auc)
    ? `ROC curve of "${className}" against ${versus} on ${targets.length} test rows: AUC ${formatScore(curve.auc, 3)} (0.5 is chance, 1 is perfect ranking).`
    : `The test rows hold only one side of "${className}" against ${versus}, so there is no ROC curve.`;

  return (
    <figure style={{ margin: 0 }}>
      {k > 2 && (
        <label className="inline">
          Positive class
          <select value={positive} onChange={(e) => setChosen(Number(e.target.value))}>
            {classNames.map((name, c) => (
              <option key={name} value={c}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <p>
        AUC: <strong data-testid="roc-auc">{formatScore(curve.auc, 3)}</strong>
      </p>
      <div role="img" aria-label="ROC curve" aria-describedby={descriptionId}>
        <ResponsiveContainer width="100%" height={280}>
          <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 18, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="fpr" type="number" domain={[0, 1]} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'false-positive rate', position: 'insideBottom', offset: -10 }} />
            <YAxis dataKey="tpr" type="number" domain={[0, 1]} width={48} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'true-positive rate', angle: -90, position: 'insideLeft', offset: 10 }} />
            <Tooltip formatter={(v) => formatScore(Number(v), 3)} labelFormatter={(v) => `FPR ${formatScore(Number(v), 3)}`} />
            <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="#9ca3af" strokeDasharray="4 4" ifOverflow="visible" />
            <Line dataKey="tpr" name="true-positive rate" type="linear" stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={descriptionId} className="muted">
        {description}
      </figcaption>
    </figure>
  );
}
