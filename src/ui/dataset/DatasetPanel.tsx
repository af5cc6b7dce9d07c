/**
 * Choose data: a built-in dataset, or a dropped/picked table (CSV, TSV, JSON), image folder or zip of
 * class folders; then the target column (tables) or the image size and colour (images).
 */
import { useState, type DragEvent } from 'react';
import { BUILTIN_DATASETS } from '../../data/builtins';
import { IMAGE_SIZES } from '../../data/images/decodeImages';
import type { ColourChoice } from '../../data/images/loadImageSet';
import type { TaskChoice } from '../../data/profile';
import { datasetIdentity } from '../../store/appStore';
import { Field } from '../common/Field';
import { useActions, useAppState } from '../common/storeContext';
import { DatasetSummary } from './DatasetSummary';
import { droppedFolder, pickedFolder } from './droppedFiles';
import { LoadProgressLine } from './LoadProgressLine';

export function DatasetPanel() {
  const dataset = useAppState((s) => s.dataset);
  const load = useAppState((s) => s.load);
  const target = useAppState((s) => s.target);
  const targetError = useAppState((s) => s.targetError);
  const taskChoice = useAppState((s) => s.taskChoice);
  const imageOptions = useAppState((s) => s.imageOptions);
  const running = useAppState((s) => s.study?.state === 'running');
  const actions = useActions();
  const [dragging, setDragging] = useState(false);

  const builtinId = dataset.status === 'ready' && dataset.builtin ? dataset.builtin.id : '';
  const loadedName = dataset.status === 'ready' ? datasetIdentity(dataset).name : '';
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (running) return;
    const folder = await droppedFolder(event.dataTransfer.items);
    if (folder) return actions.loadImageFiles(folder.name, folder.files);
    const file = event.dataTransfer.files[0];
    if (file) await actions.loadFile(file);
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
        onDrop={(e) => void onDrop(e)}
      >
        <Field label="Dataset file">
          <input
            type="file"
            accept=".csv,.tsv,.txt,.json,.zip,text/csv,text/tab-separated-values,application/json,application/zip"
            disabled={running}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void actions.loadFile(file);
              e.target.value = '';
            }}
          />
        </Field>
        <Field label="Image folder">
          <input
            type="file"
            // Folder pickers are not in React's typings; every current browser supports the attribute.
            {...{ webkitdirectory: '', directory: '' }}
            multiple
            disabled={running}
            onChange={(e) => {
              if (e.target.files && e.target.files.length > 0) {
                const folder = pickedFolder(e.target.files);
                void actions.loadImageFiles(folder.name, folder.files);
              }
              e.target.value = '';
            }}
          />
        </Field>
        <span className="hint">or drop a CSV, TSV or JSON table, a folder of class sub-folders of images, or a zip of one</span>
      </div>
      <div className="field-row">
        <Field label="Image size">
          <select value={imageOptions.size} disabled={running} onChange={(e) => void actions.setImageOptions({ size: Number(e.target.value) })}>
            {IMAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}×{size}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Image colour">
          <select
            value={String(imageOptions.channels)}
            disabled={running}
            onChange={(e) => void actions.setImageOptions({ channels: (e.target.value === 'auto' ? 'auto' : Number(e.target.value)) as ColourChoice })}
          >
            <option value="auto">auto (grey when every image is grey)</option>
            <option value="1">grey</option>
            <option value="3">colour</option>
          </select>
        </Field>
      </div>

      {load.status === 'loading' && (
        <div className="load-progress">
          <LoadProgressLine name={load.name} progress={load.progress} />
          <button type="button" onClick={() => actions.cancelLoad()}>
            Cancel loading
          </button>
        </div>
      )}
      {load.status === 'failed' && (
        <p className="error" role="alert" data-testid="load-error">
          Could not use {load.name}: {load.message}
          {dataset.status === 'ready' && ` The dataset already loaded (${loadedName}) is still in use.`}
        </p>
      )}
      {dataset.status === 'ready' && (
        <>
          {dataset.kind === 'table' && (
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
          )}
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
