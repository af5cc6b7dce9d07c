/**
 * Confusion matrix of the best model on the test rows (rows: actual class, columns: predicted) whose cells
 * are buttons: choosing one lists the test samples in it with their file row, classes, probabilities and, when
 * the study's dataset is still loaded, the row's original values.
 */
import { useMemo, useState } from 'react';
import { confusionCells } from '../../metrics/curves';
import { formatScore } from '../common/format';
import { sampleRows, type RowSource } from './testSamples';

/** Drill-down tables stay short enough to render instantly; the heading says how many were left out. */
export const MAX_LISTED_SAMPLES = 200;

export interface ConfusionMatrixProps {
  readonly outputs: Float32Array;
  readonly targets: Float32Array;
  readonly classNames: readonly string[];
  /** Dataset row of each test prediction (see recoverTestRows); null shows test positions only. */
  readonly testRows: readonly number[] | null;
  /** The loaded file's columns and rows, for showing a sample's original values; null when unavailable. */
  readonly table: { readonly columns: readonly string[]; readonly rows: RowSource } | null;
}

export function ConfusionMatrix({ outputs, targets, classNames, testRows, table }: ConfusionMatrixProps) {
  const k = classNames.length;
  const cells = useMemo(() => confusionCells(outputs, targets, k), [outputs, targets, k]);
  const [chosen, setSelected] = useState<{ actual: number; predicted: number } | null>(null);
  // A choice made on an earlier study with more classes no longer points at a cell.
  const selected = chosen && chosen.actual < k && chosen.predicted < k ? chosen : null;
  const max = Math.max(1, ...cells.counts.flat());
  const positions = selected ? (cells.rows[selected.actual]?.[selected.predicted] ?? []) : [];
  const listed = sampleRows(positions.slice(0, MAX_LISTED_SAMPLES), outputs, targets, classNames, testRows, table?.rows ?? null);
  const correct = cells.counts.reduce((sum, row, c) => sum + row[c]!, 0);

  return (
    <section aria-label="Confusion matrix">
      <p className="muted">
        {correct} of {targets.length} test rows predicted correctly. Choose a cell to list its test samples.
      </p>
      <div className="table-scroll">
        <table aria-label="Test rows by actual and predicted class" className="confusion">
          <thead>
            <tr>
              <th scope="col">actual ↓ / predicted →</th>
              {classNames.map((name) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cells.counts.map((row, actual) => (
              <tr key={classNames[actual]}>
                <th scope="row">{classNames[actual]}</th>
                {row.map((count, predicted) => {
                  const isSelected = selected?.actual === actual && selected.predicted === predicted;
                  const hit = actual === predicted;
                  return (
                    <td
                      key={predicted}
                      className={`num${hit ? ' diagonal' : ''}`}
                      style={{ backgroundColor: `rgba(${hit ? '22, 163, 74' : '220, 38, 38'}, ${count === 0 ? 0 : 0.1 + (0.5 * count) / max})`, padding: 0 }}
                    >
                      <button
                        type="button"
                        aria-pressed={isSelected}
                        aria-label={`${count} test row${count === 1 ? '' : 's'}: actual ${classNames[actual]}, predicted ${classNames[predicted]}`}
                        disabled={count === 0}
                        onClick={() => setSelected(isSelected ? null : { actual, predicted })}
                        style={{ width: '100%', border: isSelected ? '2px solid #111827' : '1px solid transparent', background: 'transparent', borderRadius: 0, padding: '4px 8px', fontWeight: hit ? 600 : 400 }}
                      >
                        {count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && (
        <SampleTable
          title={`Actual ${classNames[selected.actual]}, predicted ${classNames[selected.predicted]}: ${positions.length} test row${positions.length === 1 ? '' : 's'}${positions.length > MAX_LISTED_SAMPLES ? ` (first ${MAX_LISTED_SAMPLES} shown)` : ''}`}
          rows={listed}
          columns={table && testRows ? table.columns : null}
          onClose={() => setSelected(null)}
        />
      )}
    </section>
  );
}

function SampleTable({ title, rows, columns, onClose }: { title: string; rows: ReturnType<typeof sampleRows>; columns: readonly string[] | null; onClose: () => void }) {
  const known = rows.some((r) => r.rowNumber !== null);
  return (
    <div style={{ marginTop: 8 }}>
      <div className="panel-header">
        <h4 style={{ margin: '4px 0' }}>{title}</h4>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!known && (
        <p className="muted">
          File row numbers and values are unavailable: the dataset this study ran on is not the one loaded now (or the study was imported), so samples are
          numbered by their position in the test split.
        </p>
      )}
      <div className="table-scroll">
        <table aria-label="Test samples in the chosen cell">
          <thead>
            <tr>
              <th scope="col">{known ? 'file row' : 'test row'}</th>
              <th scope="col">actual</th>
              <th scope="col">predicted</th>
              <th scope="col" title="The model's probability for the class it predicted">P(predicted)</th>
              <th scope="col" title="The model's probability for the true class">P(actual)</th>
              {columns?.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.position}>
                <td className="num">{r.rowNumber ?? r.position + 1}</td>
                <td>{r.actual}</td>
                <td>{r.predicted}</td>
                <td className="num">{formatScore(r.confidence, 3)}</td>
                <td className="num">{formatScore(r.actualProbability, 3)}</td>
                {columns?.map((c, i) => (
                  <td key={c}>{r.cells?.[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
