/** Precision, recall, F1 and support per class, from the best model's confusion counts on the test rows. */
import { perClassReport } from '../../metrics/metrics';
import { formatScore } from '../common/format';

export interface PerClassTableProps {
  readonly counts: readonly (readonly number[])[];
  readonly classNames: readonly string[];
}

export function PerClassTable({ counts, classNames }: PerClassTableProps) {
  const label = 'Per-class metrics';
  const report = perClassReport(counts);
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">precision</th>
            <th scope="col">recall</th>
            <th scope="col">F1</th>
            <th scope="col">support</th>
          </tr>
        </thead>
        <tbody>
          {report.map((r, c) => (
            <tr key={classNames[c] ?? c}>
              <th scope="row">{classNames[c]}</th>
              <td className="num">{formatScore(r.precision, 3)}</td>
              <td className="num">{formatScore(r.recall, 3)}</td>
              <td className="num">{formatScore(r.f1, 3)}</td>
              <td className="num">{r.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
