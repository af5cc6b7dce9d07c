/**
 * The best model on the held-out test rows: a confusion matrix (rows: actual class, columns: predicted) and
 * precision, recall and F1 per class, for classification tasks.
 */
import { useMemo } from 'react';
import { confusionMatrix, perClassReport } from '../../metrics/metrics';
import { formatScore } from '../common/format';
import { useAppState } from '../common/storeContext';

export function TestReport() {
  const predictions = useAppState((s) => s.study?.testPredictions ?? null);
  const classNames = useAppState((s) => s.study?.dataset.classNames ?? null);
  const report = useMemo(() => {
    if (!predictions || !classNames || classNames.length === 0) return null;
    const matrix = confusionMatrix(predictions.outputs, predictions.targets, classNames.length);
    return { matrix, perClass: perClassReport(matrix) };
  }, [predictions, classNames]);
  if (!report || !classNames) return null;
  const max = Math.max(1, ...report.matrix.flat());

  return (
    <section className="panel" aria-labelledby="test-report-heading">
      <h2 id="test-report-heading">Best model on the test split</h2>
      <div className="report-grid">
        <div className="table-scroll">
          <table aria-label="Confusion matrix" className="confusion">
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
              {report.matrix.map((row, actual) => (
                <tr key={classNames[actual]}>
                  <th scope="row">{classNames[actual]}</th>
                  {row.map((count, predicted) => (
                    <td
                      key={predicted}
                      className={`num${actual === predicted ? ' diagonal' : ''}`}
                      style={{ backgroundColor: `rgba(${actual === predicted ? '22, 163, 74' : '220, 38, 38'}, ${count === 0 ? 0 : 0.1 + (0.5 * count) / max})` }}
                    >
                      {count}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll">
          <table aria-label="Per-class metrics">
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
              {report.perClass.map((r, c) => (
                <tr key={classNames[c]}>
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
      </div>
    </section>
  );
}
