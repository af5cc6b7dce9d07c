/**
 * The validation a study started now would use: the person's choice, or the preset's for this dataset's size
 * (tabular presets cross-validate small tables, see search/presets.ts). The search panel names it and the
 * space editor counts its folds, so both say what Start will do.
 */
import { useMemo } from 'react';
import { studySplit } from '../../store/datasetActions';
import type { Evaluation, ValidationChoice } from '../../search/config';
import { studyEvaluation, type Preset } from '../../search/presets';
import { useAppState } from './storeContext';

/** Rows left for training once the test rows are held out, by the very split Start will make (null: no data). */
function useTrainingRows(testFraction: number, splitSeed: number): number | null {
  const dataset = useAppState((s) => s.dataset);
  const prepared = useAppState((s) => s.prepared);
  return useMemo(() => {
    if (!prepared || dataset.status !== 'ready') return null;
    try {
      return studySplit(dataset, prepared, testFraction, splitSeed).train.length;
    } catch {
      return null; // too few rows to split: Start will say so
    }
  }, [dataset, prepared, testFraction, splitSeed]);
}

/** The validation Start would use given `choice` (null: the preset's own, for the loaded dataset's size). */
function useEvaluation(preset: Preset | undefined, choice: ValidationChoice | null): Evaluation | undefined {
  const trainingRows = useTrainingRows(preset?.config.testFraction ?? 0.2, preset?.config.splitSeed ?? 42);
  return preset && studyEvaluation(preset, choice, trainingRows);
}

/** The preset's own validation for the loaded dataset (before any choice of the person's). */
export function usePresetEvaluation(preset: Preset | undefined): Evaluation | undefined {
  return useEvaluation(preset, null);
}

/** The preset's time budget and search sample for the loaded dataset's size (undefined: the preset has none). */
export function usePresetSizing(preset: Preset | undefined): { readonly maxMinutes: number; readonly searchRows?: number } | undefined {
  const trainingRows = useTrainingRows(preset?.config.testFraction ?? 0.2, preset?.config.splitSeed ?? 42);
  return preset?.sizing?.(trainingRows ?? 0);
}

/** The validation Start will use: the person's choice, else the preset's. */
export function useStudyEvaluation(preset: Preset | undefined): Evaluation | undefined {
  return useEvaluation(preset, useAppState((s) => s.settings.validation));
}
