/**
 * Edits the search space: add, remove and change parameters, ranges, choices and conditions. Rows are
 * kept as text while typing; every change is validated and, when valid, becomes the study's space.
 */
import { useMemo, useState } from 'react';
import type { ParamSpec } from '../../engine/space/types';
import { evaluationRuns } from '../../search/config';
import { findPreset } from '../../search/presets';
import { useActions, useAppState } from '../common/storeContext';
import { useStudyEvaluation } from '../common/useStudyEvaluation';
import { emptyRow, gridSummary, rowsFromSpace, spaceFromRows, type DraftRow } from './spaceDraft';

export function SpaceEditor() {
  const settings = useAppState((s) => s.settings);
  const problems = useAppState((s) => s.spaceProblems);
  const running = useAppState((s) => s.study?.state === 'running');
  const actions = useActions();
  const preset = findPreset(settings.presetId);
  const evaluation = useStudyEvaluation(preset);
  const space = useMemo(() => settings.space ?? preset?.config.space ?? { params: [] }, [settings.space, preset]);
  // Rows restart from the current space when the preset changes (the key below remounts the editor).
  const [rows, setRows] = useState<DraftRow[]>(() => rowsFromSpace(space));
  const names = rows.map((r) => r.name.trim()).filter(Boolean);

  const update = (next: DraftRow[]) => {
    setRows(next);
    const result = spaceFromRows(next);
    if ('space' in result) actions.setSpace(result.space);
    else actions.setSpaceProblems(result.problems);
  };
  const patch = (index: number, change: Partial<DraftRow>) => update(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const summary = useMemo(() => {
    const sampler = settings.sampler ?? preset?.config.sampler;
    const epochs = settings.maxEpochs ?? Number(preset?.config.fixed['epochs'] ?? 50);
    const folds = evaluation ? evaluationRuns(evaluation) : 1;
    const trials = settings.maxTrials ?? preset?.config.maxTrials ?? 0;
    const gridText = gridSummary(space);
    const plannedTrials = sampler === 'grid' ? gridText : `${trials} trials`;
    const each = `up to ${epochs} epochs × ${folds} fold${folds === 1 ? '' : 's'} each`;
    return sampler === 'grid' ? `${plannedTrials} · ${each}` : `${plannedTrials} · ${each} · space: ${gridText}`;
  }, [settings, preset, space, evaluation]);

  return (
    <section className="panel" aria-labelledby="space-heading">
      <div className="panel-header">
        <h2 id="space-heading">Search space</h2>
        <div className="button-row compact">
          <button type="button" disabled={running} onClick={() => update([...rows, emptyRow(`param_${rows.length + 1}`)])}>
            Add parameter
          </button>
          <button
            type="button"
            disabled={running || settings.space === null}
            onClick={() => {
              actions.setSpace(null);
              setRows(rowsFromSpace(preset?.config.space ?? { params: [] }));
            }}
          >
            Reset to preset
          </button>
        </div>
      </div>
      <p className="muted" data-testid="space-summary">
        {summary}
      </p>
      <div className="table-scroll">
        <table className="space-table" aria-label="Search space">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Values</th>
              <th>Only when</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td>
                  <input aria-label={`Parameter ${i + 1} name`} value={row.name} disabled={running} onChange={(e) => patch(i, { name: e.target.value })} />
                </td>
                <td>
                  <select aria-label={`Parameter ${i + 1} kind`} value={row.kind} disabled={running} onChange={(e) => patch(i, { kind: e.target.value as ParamSpec['kind'] })}>
                    <option value="categorical">choice</option>
                    <option value="float">float</option>
                    <option value="int">int</option>
                  </select>
                </td>
                <td>
                  {row.kind === 'categorical' ? (
                    <input aria-label={`Parameter ${i + 1} choices`} className="wide" placeholder="a, b, c" value={row.choices} disabled={running} onChange={(e) => patch(i, { choices: e.target.value })} />
                  ) : (
                    <span className="range-fields">
                      <input aria-label={`Parameter ${i + 1} low`} value={row.low} disabled={running} onChange={(e) => patch(i, { low: e.target.value })} />
                      –
                      <input aria-label={`Parameter ${i + 1} high`} value={row.high} disabled={running} onChange={(e) => patch(i, { high: e.target.value })} />
                      <label className="inline">
                        <input type="checkbox" checked={row.log} disabled={running} onChange={(e) => patch(i, { log: e.target.checked })} /> log
                      </label>
                      <input aria-label={`Parameter ${i + 1} step`} placeholder="step" value={row.step} disabled={running} onChange={(e) => patch(i, { step: e.target.value })} />
                    </span>
                  )}
                </td>
                <td>
                  <span className="range-fields">
                    <select aria-label={`Parameter ${i + 1} condition`} value={row.conditionParam} disabled={running} onChange={(e) => patch(i, { conditionParam: e.target.value })}>
                      <option value="">always</option>
                      {names.slice(0, i).map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                    {row.conditionParam && (
                      <>
                        <select value={row.conditionKind} disabled={running} onChange={(e) => patch(i, { conditionKind: e.target.value as DraftRow['conditionKind'] })}>
                          <option value="equals">=</option>
                          <option value="atLeast">≥</option>
                        </select>
                        <input aria-label={`Parameter ${i + 1} condition value`} value={row.conditionValue} disabled={running} onChange={(e) => patch(i, { conditionValue: e.target.value })} />
                      </>
                    )}
                  </span>
                </td>
                <td>
                  <button type="button" className="link-button" aria-label={`Remove parameter ${i + 1}`} disabled={running} onClick={() => update(rows.filter((_, j) => j !== i))}>
                    remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="space-problems">
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </div>
      )}
      <p className="muted">
        Names the models understand: layers, units, units_1…, activation, dropout, dropout_1…, normalization, l2, optimizer, learning_rate,
        weight_decay, momentum, nesterov, batch_size, epochs, lr_schedule, lr_decay, lr_step_every, lr_factor, warmup_epochs,
        plateau_patience, patience, clipnorm, class_weight.
      </p>
    </section>
  );
}
