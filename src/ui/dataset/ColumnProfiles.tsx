/** One row per column: its inferred kind, missing share, distinct values, a histogram or top values, and its role. */
import type { DroppedColumn } from '../../data/encode';
import type { ColumnProfile, ColumnSummary } from '../../data/types';
import { useAppState } from '../common/storeContext';

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

export function ColumnProfiles() {
  const dataset = useAppState((s) => s.dataset);
  const target = useAppState((s) => s.target);
  const dropped = useAppState((s) => s.prepared?.dropped ?? NONE_DROPPED);
  if (dataset.status !== 'ready' || dataset.kind !== 'table') return null;
  const rows = dataset.table.raw.rows.length;
  const role = (p: ColumnProfile) => {
    if (p.name === target) return <strong>target</strong>;
    const reason = dropped.find((d) => d.name === p.name)?.reason;
    return reason ? <span className="muted">left out: {reason}</span> : 'feature';
  };
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
            {dataset.table.profiles.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.kind}</td>
                <td className="num">{p.missing === 0 ? '0' : `${p.missing} (${((100 * p.missing) / rows).toFixed(1)} %)`}</td>
                <td className="num">{p.distinct.toLocaleString('en')}</td>
                <td>
                  <SummaryCell summary={p.summary} />
                </td>
                <td>{role(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
