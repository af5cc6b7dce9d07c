/**
 * Parameter importance as a bar chart, with the method spelled out beside it (see ./importance.ts): each
 * parameter's one-way-ANOVA η², normalised so the bars sum to 100 %.
 */
import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MAX_BINS, MIN_TRIALS_FOR_IMPORTANCE, type ImportanceResult } from './importance';

export interface ParamImportanceProps {
  readonly result: ImportanceResult;
  readonly objectiveLabel: string;
}

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;

export function ParamImportance({ result, objectiveLabel }: ParamImportanceProps) {
  const descriptionId = useId();
  const method = (
    <p className="muted" data-testid="importance-method">
      How this is computed: for each parameter, the complete trials are grouped by its value (each category, or up to {MAX_BINS} quantile bins of
      about equally many trials for numbers, roughly √n bins for n trials; trials where a conditional parameter was inactive form their own group). The
      parameter&apos;s η² is the share of the variance of {objectiveLabel} explained by the group means (between-group sum of squares ÷ total sum of
      squares, as in a one-way ANOVA). The bars are the η² values normalised to sum to 100 %. Each parameter is judged on its own, so interactions
      are not credited, and with few trials the figures are rough.
    </p>
  );
  if (result.status === 'too-few') {
    return (
      <div>
        <p data-testid="importance-too-few">
          Parameter importance needs at least {MIN_TRIALS_FOR_IMPORTANCE} complete trials; {result.completed} so far, {result.needed} more needed.
        </p>
        {method}
      </div>
    );
  }
  const rows = result.params.map((p) => ({ name: p.name, importance: p.importance, etaSquared: p.etaSquared, groups: p.groups }));
  const description = `Importance over ${result.completed} complete trials: ${rows.map((r) => `${r.name} ${percent(r.importance)} (η² ${r.etaSquared.toFixed(2)})`).join(', ')}.`;
  return (
    <div>
      <div role="img" aria-label="Parameter importance" aria-describedby={descriptionId}>
        <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length + 40)}>
          <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" horizontal={false} />
            <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(100 * v)} %`} fontSize={11} />
            <YAxis type="category" dataKey="name" width={130} fontSize={12} />
            <Tooltip formatter={(v) => percent(Number(v))} />
            <Bar dataKey="importance" name="importance" fill="#2563eb" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p id={descriptionId} className="muted" data-testid="importance-summary">
        {description}
      </p>
      {method}
    </div>
  );
}
