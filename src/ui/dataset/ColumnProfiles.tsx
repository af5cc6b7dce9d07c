/**
 * One row per column: its inferred kind and why, missing share, distinct values, a histogram or top values,
 * and its use — what the encoder does with it (or why it is left out), with a select to overrule the
 * automatic choice (auto / numeric / numeric with log / categorical / date / text / leave out).
 */
import { choosable, COLUMN_CHOICES, isColumnChoice, type ColumnChoice } from '../../data/columnChoice';
import type { DroppedColumn } from '../../data/encode';
import { describeColumnEncoder, type ColumnEncoder } from '../../data/tableEncoder';
import type { ColumnProfile, ColumnSummary } from '../../data/types';
import { useActions, useAppState } from '../common/storeContext';

function Histogram({ bins }: { bins: readonly number[] }) {
  const top = Math.max(...bins, 1);
  const width = 80;
  const height = 18;
  const barWidth = width / bins.length;
  return (
    <svg width={width} height={height} role="img" aria-label="histogram" className="sparkline">
      {bins.map((count, i) => {
        const h = (count / top) * height;
        return <rect key={i} x={i * barWidth + 0.5} y={height - h} width={barWidth - 1} height={h} />;
      })}
    </svg>
  );
}

function SummaryCell({ summary }: { summary: ColumnSummary | null }) {
  if (!summary) return <span className="muted">—</span>;
  if (summary.kind === 'histogram') {
    return (
      <span className="range-fields">
        <Histogram bins={summary.bins} />
        <span className="muted">
          {summary.min.toPrecision(3)} … {summary.max.toPrecision(3)}, mean {summary.mean.toPrecision(3)}
        </span>
      </span>
    );
  }
  return <span className="muted">{summary.values.map((v) => `${v.value.length > 24 ? `${v.value.slice(0, 24)}…` : v.value} (${v.count})`).join(' · ')}</span>;
}

/** A stable empty list: a selector returning a fresh [] each time would re-render without end. */
const NONE_DROPPED: readonly DroppedColumn[] = [];
const NO_ENCODERS: readonly ColumnEncoder[] = [];

/** The "auto" option's label: what the automatic choice is, e.g. "auto (numeric, log transform: skewed)". */
function autoLabel(profile: ColumnProfile, encoder: ColumnEncoder | undefined, droppedReason: string | undefined, choice: ColumnChoice): string {
  if (choice !== 'auto') return `auto (${profile.kind})`;
  if (droppedReason) return `auto (${profile.kind}, left out)`;
  if (encoder?.kind === 'numeric' && encoder.log) return `auto (${profile.kind}, log transform: skewed)`;
  if (encoder?.kind === 'categorical' && encoder.frequencyLevels) return `auto (${profile.kind}, many levels)`;
  return `auto (${profile.kind})`;
}

function UseCell({ profile, choice, encoder, droppedReason, disabled }: { profile: ColumnProfile; choice: ColumnChoice; encoder: ColumnEncoder | undefined; droppedReason: string | undefined; disabled: boolean }) {
  const actions = useActions();
  const use = droppedReason ? <span className="muted">left out: {droppedReason}</span> : encoder ? <span>feature: {describeColumnEncoder(encoder)}</span> : <span>feature</span>;
  if (!choosable(profile)) return use;
  return (
    <span className="column-use">
      <select
        aria-label={`Use of column ${profile.name}`}
        value={choice}
        disabled={disabled}
        onChange={(e) => isColumnChoice(e.target.value) && actions.setColumnChoice(profile.name, e.target.value)}
      >
        <option value="auto">{autoLabel(profile, encoder, droppedReason, choice)}</option>
        {COLUMN_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>{' '}
      {use}
    </span>
  );
}

export function ColumnProfiles() {
  const dataset = useAppState((s) => s.dataset);
  const target = useAppState((s) => s.target);
  const dropped = useAppState((s) => s.prepared?.dropped ?? NONE_DROPPED);
  const encoders = useAppState((s) => (s.prepared?.encoder?.kind === 'table' ? s.prepared.encoder.columns : NO_ENCODERS));
  const running = useAppState((s) => s.study?.state === 'running');
  if (dataset.status !== 'ready' || dataset.kind !== 'table') return null;
  const rows = dataset.table.raw.rows.length;
  const choices = dataset.table.columnChoices;
  return (
    <details className="column-profiles">
      <summary>Columns ({dataset.table.profiles.length})</summary>
      <div className="table-scroll">
        <table aria-label="Column profiles">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th>Missing</th>
              <th>Distinct</th>
              <th>Values</th>
              <th>Use</th>
            </tr>
          </thead>
          <tbody>
            {dataset.table.profiles.map((p, i) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>
                  {p.kind}
                  {p.reason && <div className="muted column-reason">{p.reason}</div>}
                </td>
                <td className="num">{p.missing === 0 ? '0' : `${p.missing} (${((100 * p.missing) / rows).toFixed(1)} %)`}</td>
                <td className="num">{p.distinct.toLocaleString('en')}</td>
                <td>
                  <SummaryCell summary={p.summary} />
                </td>
                <td>
                  {p.name === target ? (
                    <strong>target</strong>
                  ) : (
                    <UseCell
                      profile={p}
                      choice={choices?.[i] ?? 'auto'}
                      encoder={encoders.find((e) => e.column === p.name)}
                      droppedReason={dropped.find((d) => d.name === p.name)?.reason}
                      disabled={running}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
