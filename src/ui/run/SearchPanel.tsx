/** Choose how to search (preset, seed, budget, backend) and start, stop or export the study. */
import { BACKEND_PREFERENCES, type BackendPreference } from '../../protocol/backend';
import { findPreset, PRESETS } from '../../search/presets';
import { downloadText } from '../common/download';
import { useActions, useAppState } from '../common/storeContext';

function parseOptionalInt(text: string): number | null {
  const value = Number(text);
  return text.trim() === '' || !Number.isInteger(value) || value < 1 ? null : value;
}

export function SearchPanel() {
  const settings = useAppState((s) => s.settings);
  const ready = useAppState((s) => s.prepared !== null);
  const studyState = useAppState((s) => s.study?.state ?? null);
  const studyId = useAppState((s) => s.study?.id ?? null);
  const actions = useActions();
  const running = studyState === 'running';
  const preset = findPreset(settings.presetId);

  const exportStudy = () => {
    const json = actions.exportStudyJson();
    if (json) downloadText(json, `${studyId ?? 'study'}.sweeplab.json`);
  };

  return (
    <section className="panel" aria-labelledby="search-heading">
      <h2 id="search-heading">2. Search</h2>
      <div className="field-grid">
        <label>
          Preset
          <select value={settings.presetId} disabled={running} onChange={(e) => actions.updateSettings({ presetId: e.target.value })}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed
          <input
            type="number"
            min={0}
            value={settings.seed}
            disabled={running}
            onChange={(e) => actions.updateSettings({ seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
          />
        </label>
        <label>
          Max trials
          <input
            type="number"
            min={1}
            placeholder={String(preset?.config.maxTrials ?? '')}
            value={settings.maxTrials ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ maxTrials: parseOptionalInt(e.target.value) })}
          />
        </label>
        <label>
          Max epochs per trial
          <input
            type="number"
            min={1}
            placeholder="preset"
            value={settings.maxEpochs ?? ''}
            disabled={running}
            onChange={(e) => actions.updateSettings({ maxEpochs: parseOptionalInt(e.target.value) })}
          />
        </label>
        <label>
          Backend
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
        </label>
      </div>
      {preset && <p className="muted">{preset.description}</p>}
      <div className="button-row">
        <button type="button" className="primary" disabled={!ready || running} onClick={() => void actions.startSearch()}>
          Start search
        </button>
        <button type="button" disabled={!running} onClick={() => actions.stopSearch()}>
          Stop
        </button>
        <button type="button" disabled={studyState === null} onClick={exportStudy}>
          Export study
        </button>
      </div>
    </section>
  );
}
