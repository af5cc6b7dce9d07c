/** Choose data: a built-in dataset or a dropped/picked CSV file, then the target column. */
import { useState, type DragEvent } from 'react';
import { BUILTIN_DATASETS } from '../../data/builtins';
import type { TaskChoice } from '../../data/profile';
import { Field } from '../common/Field';
import { useActions, useAppState } from '../common/storeContext';
import { DatasetSummary } from './DatasetSummary';

export function DatasetPanel() {
  const dataset = useAppState((s) => s.dataset);
  const load = useAppState((s) => s.load);
  const target = useAppState((s) => s.target);
  const targetError = useAppState((s) => s.targetError);
  const taskChoice = useAppState((s) => s.taskChoice);
  const running = useAppState((s) => s.study?.state === 'running');
  const actions = useActions();
  const [dragging, setDragging] = useState(false);

  const builtinId = dataset.status === 'ready' && dataset.builtin ? dataset.builtin.id : '';
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !running) void actions.loadFile(file);
  };

  return (
    <section className="panel" aria-labelledby="dataset-heading">
      <h2 id="dataset-heading">1. Data</h2>
      <div className="field-row">
        <Field label="Built-in dataset">
          <select value={builtinId} disabled={running} onChange={(e) => e.target.value && void actions.loadBuiltin(e.target.value)}>
            <option value="">—</option>
            {BUILTIN_DATASETS.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} — {d.description}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Field label="Dataset file">
          <input
            type="file"
            accept=".csv,.tsv,.txt,.json,text/csv,text/tab-separated-values,application/json"
            disabled={running}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void actions.loadFile(file);
              e.target.value = '';
            }}
          />
        </Field>
        <span className="hint">or drop a CSV, TSV or JSON file here</span>
      </div>

      {load.status === 'loading' && <p className="muted">Loading {load.name}…</p>}
      {load.status === 'failed' && (
        <p className="error" role="alert" data-testid="load-error">
          Could not use {load.name}: {load.message}
          {dataset.status === 'ready' && ` The dataset already loaded (${dataset.table.name}) is still in use.`}
        </p>
      )}
      {dataset.status === 'ready' && (
        <>
          <div className="field-row">
            <Field label="Target column">
              <select value={target ?? ''} disabled={running} onChange={(e) => actions.setTarget(e.target.value)}>
                {dataset.table.raw.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Task">
              <select value={taskChoice} disabled={running} onChange={(e) => actions.setTaskChoice(e.target.value as TaskChoice)}>
                <option value="auto">infer from the target</option>
                <option value="classification">classification</option>
                <option value="regression">regression</option>
              </select>
            </Field>
          </div>
          {targetError && (
            <p className="error" role="alert">
              {targetError}
            </p>
          )}
          <DatasetSummary />
        </>
      )}
    </section>
  );
}
