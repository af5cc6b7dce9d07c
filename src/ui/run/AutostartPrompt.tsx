/**
 * The question a link's `autostart=1` raises for a person (store/urlParams.ts autostartAction): a link is
 * written by anyone, so nothing starts until they press Start. Automation never sees it.
 */
import { datasetIdentity } from '../../store/appStore';
import { autostartQuestion } from '../../store/urlParams';
import { findPreset } from '../../search/presets';
import { useActions, useAppState } from '../common/storeContext';

export function AutostartPrompt() {
  const offer = useAppState((s) => s.autostartOffer);
  const dataset = useAppState((s) => s.dataset);
  const presetId = useAppState((s) => s.settings.presetId);
  const actions = useActions();
  if (!offer || dataset.status !== 'ready') return null;
  const preset = findPreset(presetId);
  return (
    <div className="shared-banner" role="region" aria-label="Start from link">
      <p>{autostartQuestion(datasetIdentity(dataset).name, preset?.label ?? presetId)}</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void actions.acceptAutostart()}>
          Start
        </button>
        <button type="button" onClick={() => actions.dismissAutostart()}>
          Not now
        </button>
      </div>
    </div>
  );
}
