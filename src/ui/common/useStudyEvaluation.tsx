/**
 * The validation a study started now would use: the person's choice, or the preset's for this dataset's size
 * (tabular presets cross-validate small tables, see search/presets.ts). The search panel names it and the
 * space editor counts its folds, so both say what Start will do.
 */
import { designatedTestRowsOf } from '../../store/datasetActions';
import { evaluationFor, type Evaluation } from '../../search/config';
import { presetEvaluation, type Preset } from '../../search/presets';
import { useAppState } from './storeContext';

/** Rows left for training once the test rows are held out (the designated ones, or the preset's fraction). */
function useTrainingRows(testFraction: number): number | null {
  return useAppState((s) => {
    if (!s.prepared || s.dataset.status !== 'ready') return null;
    const rows = s.prepared.data.numRows;
    const designated = designatedTestRowsOf(s.dataset);
    return designated ? rows - designated.length : rows - Math.round(rows * testFraction);
  });
}

/** The preset's own validation for the loaded dataset (before any choice of the person's). */
export function usePresetEvaluation(preset: Preset | undefined): Evaluation | undefined {
  const trainingRows = useTrainingRows(preset?.config.testFraction ?? 0.2);
  if (!preset) return undefined;
  return trainingRows === null ? preset.config.evaluation : presetEvaluation(preset, trainingRows);
}

/** The validation Start will use: the person's choice, else the preset's. */
export function useStudyEvaluation(preset: Preset | undefined): Evaluation | undefined {
  const choice = useAppState((s) => s.settings.validation);
  const fromPreset = usePresetEvaluation(preset);
  return choice ? evaluationFor(choice) : fromPreset;
}
