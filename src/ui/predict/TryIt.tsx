/**
 * "Try it": the best model on one new input — a form generated from the table's columns, typed text, or a
 * dropped image — with the predicted class (or value) and a bar per class probability. The inputs are encoded
 * with the study's own fitted encoding, kept in memory from the start of a study in this tab.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Prediction, PredictSource } from '../../store/predictions';
import { Field } from '../common/Field';
import { useActions, useAppState } from '../common/storeContext';
import { formFields, initialValues, optionsWith } from './formFields';

export function TryIt() {
  const study = useAppState((s) => s.study);
  const tryIt = useAppState((s) => s.tryIt);
  if (!study?.best || study.state === 'running') return null;
  const usable = study.bestModel && tryIt?.studyId === study.id;
  return (
    <section className="panel" aria-labelledby="try-it-heading">
      <h2 id="try-it-heading">Try it</h2>
      {!usable ? (
        <p className="muted">
          {study.bestModel ? 'Predicting needs the dataset this study ran on' : 'This study has no refit best model here'}: load the dataset and run the search in this
          tab. The fitted encoding (fill values, levels, vocabulary) is kept in memory only, so an imported, reopened or reloaded study cannot predict.
        </p>
      ) : (
        <>
          <TryItForm key={study.id} source={tryIt.source} busy={tryIt.busy} />
          {tryIt.error && (
            <p className="error" role="alert">
              {tryIt.error}
            </p>
          )}
          {tryIt.result && <PredictionView result={tryIt.result} />}
        </>
      )}
    </section>
  );
}

function TryItForm({ source, busy }: { source: PredictSource; busy: boolean }) {
  const actions = useActions();
  const fields = useMemo(() => (source.kind === 'table' ? formFields(source.encoder) : []), [source]);
  const [values, setValues] = useState(() => (source.kind === 'table' ? initialValues(fields, source.example) : {}));
  const [text, setText] = useState(source.kind === 'text' ? (source.example ?? '') : '');
  const [image, setImage] = useState<File | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (source.kind === 'table') void actions.predictOne(values);
    else if (source.kind === 'text') void actions.predictOne(text);
    else if (image) void actions.predictOne(image);
  };
  const set = (column: string) => (event: { target: { value: string } }) => setValues({ ...values, [column]: event.target.value });
  return (
    <form onSubmit={submit}>
      {source.kind === 'table' && (
        <div className="field-grid">
          {fields.map((f) => (
            <Field key={f.column} label={f.column}>
              {f.kind === 'number' ? (
                <input type="number" step="any" placeholder={f.placeholder} value={values[f.column] ?? ''} onChange={set(f.column)} />
              ) : f.kind === 'select' ? (
                <select value={values[f.column] ?? ''} onChange={set(f.column)}>
                  {optionsWith(f.options, values[f.column] ?? '').map((o) => (
                    <option key={o} value={o}>
                      {o === '' ? '(missing)' : o}
                    </option>
                  ))}
                </select>
              ) : f.kind === 'text' ? (
                <input type="text" value={values[f.column] ?? ''} onChange={set(f.column)} />
              ) : (
                <input type={f.withTime ? 'datetime-local' : 'date'} value={values[f.column] ?? ''} onChange={set(f.column)} />
              )}
            </Field>
          ))}
        </div>
      )}
      {source.kind === 'text' && (
        <Field label="Text">
          <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      )}
      {source.kind === 'image' && (
        <Field label="Image to classify">
          <input type="file" accept="image/*" onChange={(e) => setImage(e.target.files?.[0] ?? null)} />
        </Field>
      )}
      <div className="button-row">
        <button type="submit" disabled={busy || (source.kind === 'image' && !image)}>
          {busy ? 'Predicting…' : 'Predict'}
        </button>
      </div>
    </form>
  );
}

function PredictionView({ result }: { result: Prediction }) {
  return (
    <>
      <p data-testid="prediction" aria-live="polite">
        Prediction: <strong>{result.label}</strong>
      </p>
      {result.probabilities.length > 0 && (
        <table aria-label="Class probabilities">
          <thead>
            <tr>
              <th scope="col">class</th>
              <th scope="col">probability</th>
            </tr>
          </thead>
          <tbody>
            {result.probabilities.map((p) => (
              <tr key={p.className}>
                <th scope="row">{p.className}</th>
                <td className="num">
                  <meter min={0} max={1} value={p.probability} aria-hidden="true" /> {p.probability.toFixed(3)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
