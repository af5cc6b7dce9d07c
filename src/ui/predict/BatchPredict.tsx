/**
 * Batch prediction: a CSV of new rows (or texts) in, the same rows with the prediction and each class's
 * probability out as `<name>.predictions.csv`, every cell escaped against formula injection.
 */
import { useState } from 'react';
import { downloadText } from '../common/download';
import { Field } from '../common/Field';
import { useActions, useAppState } from '../common/storeContext';

export function BatchPredict() {
  const actions = useActions();
  const study = useAppState((s) => s.study);
  const source = useAppState((s) => (s.tryIt && s.tryIt.studyId === s.study?.id ? s.tryIt.source : null));
  const [status, setStatus] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  if (!study?.bestModel || study.state === 'running' || !source || source.kind === 'image') return null;
  const needs = source.kind === 'table' ? source.encoder.columns.map((c) => c.column) : [source.encoder.column];
  const predict = async (file: File) => {
    setStatus({ busy: true, message: `Predicting ${file.name}…`, error: null });
    try {
      const csv = await actions.predictCsv(file);
      const name = `${file.name.replace(/\.[^.]*$/, '')}.predictions.csv`;
      downloadText(csv, name, 'text/csv');
      setStatus({ busy: false, message: `Saved ${name}.`, error: null });
    } catch (error) {
      setStatus({ busy: false, message: null, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <section className="panel" aria-labelledby="batch-predict-heading">
      <h2 id="batch-predict-heading">Batch prediction</h2>
      <p className="muted">A CSV with the columns {needs.map((c) => `"${c}"`).join(', ')} (others are kept as they are) comes back with a prediction and each class's probability per row.</p>
      <Field label="Batch prediction CSV">
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          disabled={status.busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // the same file may be chosen again
            if (file) void predict(file);
          }}
        />
      </Field>
      {status.message && <p aria-live="polite">{status.message}</p>}
      {status.error && (
        <p className="error" role="alert">
          {status.error}
        </p>
      )}
    </section>
  );
}
