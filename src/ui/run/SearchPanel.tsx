/** Choose how to search (preset, seed, budget, backend) and start, stop or export the study. */
import { PRUNER_KINDS, type PrunerKind } from '../../engine/pruners/types';
import { SAMPLER_KINDS } from '../../engine/samplers/registry';
import type { SamplerKind } from '../../engine/samplers/types';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../protocol/backend';
import { findPreset, presetsFor } from '../../search/presets';
import { downloadText } from '../common/download';
import { Field } from '../common/Field';
import { METRIC_LABELS } from '../common/format';
import { CLASSIFICATION_METRICS, MINIMISED_METRICS, REGRESSION_METRICS, type MetricName } from '../../metrics/metrics';
import { useActions, useAppState } from '../common/storeContext';
import { ShareButton } from '../keep/SharePanel';
import { describeEvaluation, VALIDATION_CHOICES, type ValidationChoice } from '../../search/config';
import { usePresetEvaluation, usePresetSizing } from '../common/useStudyEvaluation';
import { IntegerInput } from '../common/IntegerInput';
import { MAX_GROUP_SIZE, MAX_SEED } from '../../store/urlParams';

const VALIDATION_LABELS: Record<ValidationChoice, string> = {
  holdout: 'hold-out (20 % of training rows)',
  cv3: '3-fold cross-validation',
  cv5: '5-fold cross-validation',
  cv10: '10-fold cross-validation',
};


function parseOptionalInt(text: string): number | null {
  const value = Number(text);
  return text.trim() === '' || !Number.isInteger(value) || value < 1 ? null : value;
}

export function SearchPanel() {
  const settings = useAppState((s) => s.settings);
  const ready = useAppState((s) => s.prepared !== null && s.spaceProblems.length === 0);
  const studyState = useAppState((s) => s.study?.state ?? null);
  const studyId = useAppState((s) => s.study?.id ?? null);
  const actions = useActions();
  const running = studyState === 'running';
  const resumable = useAppState((s) => s.resumable);
  const importError = useAppState((s) => s.importError);
  const preset = findPreset(settings.presetId);
  const regression = useAppState((s) => s.prepared?.task.kind === 'regression');
  const layout = useAppState((s) => s.prepared?.data.input);
  // What "preset" means for this dataset: the option is the person's way back to it once they chose another.
  const presetValidation = usePresetEvaluation(preset);
  const sizing = usePresetSizing(preset);

  const exportTrials = () => {
    const csv = actions.exportTrialsCsv();
    if (csv) downloadText(csv, `${studyId ?? 'study'}.trials.csv`, 'text/csv');
  };
  const exportStudy = () => {
    const json = actions.exportStudyJson();
    if (json) downloadText(json, `${studyId ?? 'study'}.sweeplab.json`);
  };
  const exportOptuna = () => {
    const journal = actions.exportOptunaJournal();
    if (journal) downloadText(journal, `${studyId ?? 'study'}.optuna.jsonl`, 'application/jsonl');
  };

  return (
    <section className="panel" aria-labelledby="search-heading">
      <h2 id="search-heading">2. Search</h2>
      <div className="field-grid">
        <Field label="Preset">
          <select value={settings.presetId} disabled={running} onChange={(e) => actions.updateSettings({ presetId: e.target.value })}>
            {presetsFor(layout).map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seed">
          <IntegerInput value={settings.seed} min={0} max={MAX_SEED} disabled={running} onChange={(seed) => actions.updateSettings({ seed })} />
        </Field>
        <Field label="Max trials">
          <input
            type="number"
            min={1}
            placeholder={String(preset?.config.maxTrials ?? '')}
            value={settings.maxTrials ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ maxTrials: parseOptionalInt(e.target.value) })}
          />
        </Field>
        <Field label="Max epochs per trial">
          <input
            type="number"
            min={1}
            placeholder="preset"
            value={settings.maxEpochs ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ maxEpochs: parseOptionalInt(e.target.value) })}
          />
        </Field>
        <Field label="Sampler">
          <select
            value={settings.sampler ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ sampler: (e.target.value || null) as SamplerKind | null })}
          >
            <option value="">preset ({preset?.config.sampler})</option>
            {SAMPLER_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'tpe' ? 'TPE (Bayesian)' : k}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Early stopping">
          <select
            value={settings.pruner ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ pruner: (e.target.value || null) as PrunerKind | null })}
          >
            <option value="">preset ({preset?.config.pruner})</option>
            {PRUNER_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'asha' ? 'successive halving (ASHA)' : k}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Validation">
          <select
            value={settings.validation ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ validation: (e.target.value || null) as ValidationChoice | null })}
          >
            <option value="">preset ({presetValidation ? describeEvaluation(presetValidation) : ''})</option>
            {VALIDATION_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {VALIDATION_LABELS[choice]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Workers">
          <IntegerInput value={settings.workers} min={1} max={16} disabled={running} onChange={(workers) => actions.updateSettings({ workers })} />
        </Field>
        <Field label="Trials trained together">
          <IntegerInput
            value={settings.groupSize}
            min={1}
            max={MAX_GROUP_SIZE}
            disabled={running}
            title="Up to this many same-shaped MLP trials train as one computation in a worker (results as if alone); 1 trains each alone"
            onChange={(groupSize) => actions.updateSettings({ groupSize })}
          />
        </Field>
        <Field label="Time budget (minutes)">
          <input
            type="number"
            min={1}
            placeholder={sizing ? `preset: ${sizing.maxMinutes}` : 'none'}
            title={sizing ? `Left empty, the preset's budget for this dataset: ${sizing.maxMinutes} minutes${sizing.searchRows ? ` (searching on at most ${sizing.searchRows.toLocaleString('en')} training rows)` : ''}` : undefined}
            value={settings.maxMinutes ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ maxMinutes: parseOptionalInt(e.target.value) })}
          />
        </Field>
        <Field label="Objective">
          <select
            value={settings.objective ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ objective: (e.target.value || null) as MetricName | null })}
          >
            <option value="">default ({regression ? 'R²' : 'accuracy'})</option>
            {(regression ? REGRESSION_METRICS : CLASSIFICATION_METRICS).map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
                {MINIMISED_METRICS.has(m) ? ' (lower is better)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Backend">
          <select
            value={settings.backend}
            disabled={running}
            onChange={(e) => actions.updateSettings({ backend: e.target.value as BackendPreference })}
          >
            {BACKEND_PREFERENCES.map((b) => (
              <option key={b} value={b}>
                {b === 'auto' ? 'auto (fastest measured)' : b}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {preset && <p className="muted">{preset.description}</p>}
      <div className="button-row">
        <button type="button" className="primary" disabled={!ready || running} onClick={() => void actions.startSearch()}>
          Start search
        </button>
        <button type="button" disabled={!running} onClick={() => actions.stopSearch()}>
          Stop
        </button>
        <button type="button" disabled={studyState !== 'stopped' || !resumable} onClick={() => void actions.resumeSearch()}>
          Resume
        </button>
        <button type="button" disabled={studyState === null} onClick={exportStudy}>
          Export study
        </button>
        <button type="button" disabled={studyState === null} onClick={exportOptuna}>
          Export Optuna journal
        </button>
        <button type="button" disabled={studyState === null} onClick={exportTrials}>
          Export trials (CSV)
        </button>
        <ShareButton />
        <label className="file-button">
          Import study
          <input
            type="file"
            accept=".json,application/json"
            disabled={running}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void actions.importStudy(file);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {importError && (
        <p className="error" role="alert" data-testid="import-error">
          {importError}
        </p>
      )}
    </section>
  );
}
