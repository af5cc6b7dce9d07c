/** The best model's layers as a table: type, main settings, parameters (from its Layers topology). */
import { useMemo } from 'react';
import { isLayersModel, type TrainedModel } from '../../protocol/training';
import { describeArchitecture } from './architecture';

export function ArchitectureSummary({ model }: { model: TrainedModel }) {
  // Only networks have layers; trees, linear models and ensembles are described by their trial's parameters.
  const rows = useMemo(() => (isLayersModel(model) ? describeArchitecture(model.modelTopology, model.weightSpecs) : []), [model]);
  if (rows.length === 0) return null;
  const total = rows.reduce((sum, r) => sum + r.parameters, 0);
  return (
    <details className="architecture" open>
      <summary>
        Architecture: {rows.length} layers, {total.toLocaleString('en')} parameters
      </summary>
      <table aria-label="Architecture" className="compact">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Type</th>
            <th scope="col">Settings</th>
            <th scope="col">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
              <td>{r.type}</td>
              <td>{r.settings}</td>
              <td className="num">{r.parameters.toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
