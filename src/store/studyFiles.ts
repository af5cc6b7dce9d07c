/**
 * The study's files: the best model (TF.js Layers files), the study as `sweeplab.study` JSON, the trials as
 * CSV, and importing a study file back. Split from the app store so that file stays about running studies.
 */
import { buildStudyExport } from '../orchestrator/studyExport';
import { modelFiles, type ExportedFile } from '../orchestrator/modelFiles';
import { studyToOptunaJournal } from '../orchestrator/optunaJournal';
import { MAX_STUDY_BYTES, parseStudyExport } from '../orchestrator/studyImport';
import type { StudyRecord } from '../orchestrator/studyRecord';
import { trialsToCsv } from '../orchestrator/trialsCsv';

export const APP_VERSION = '0.1.0';

export interface StudyFileDeps {
  readonly currentStudy: () => StudyRecord | null;
  readonly isRunning: () => boolean;
  /** Shows an imported study (it cannot be resumed here: its data and workers are elsewhere). */
  readonly showImported: (study: StudyRecord) => void;
  readonly setImportError: (message: string) => void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function studyFileActions({ currentStudy, isRunning, showImported, setImportError }: StudyFileDeps) {
  return {
    /** The best model's files (model.json first, then any weights files), or null before a study has one. */
    exportModelFiles(): ExportedFile[] | null {
      const model = currentStudy()?.bestModel;
      return model ? modelFiles(model, APP_VERSION) : null;
    },
    /** Shows a study from a `sweeplab.study` file; a malformed file leaves the current study as it was. */
    async importStudy(file: File): Promise<void> {
      if (isRunning()) return;
      try {
        if (file.size > MAX_STUDY_BYTES) throw new Error(`${file.name} is ${(file.size / 1e6).toFixed(0)} MB; a Sweeplab study file is at most ${MAX_STUDY_BYTES / 1024 / 1024} MB.`);
        showImported(parseStudyExport(await file.text()));
      } catch (error) {
        setImportError(`Could not import ${file.name}: ${errorText(error)}`);
      }
    },
    /** The trials as CSV text (formula-safe), or null when there is no study. */
    exportTrialsCsv(): string | null {
      const study = currentStudy();
      return study ? trialsToCsv(study.trials) : null;
    },
    /** The study as `sweeplab.study` JSON text, or null when there is none. */
    exportStudyJson(): string | null {
      const study = currentStudy();
      return study ? JSON.stringify(buildStudyExport(study, new Date(), APP_VERSION), null, 2) : null;
    },
    /** The study as an Optuna journal log (JSON lines, Optuna's JournalFileStorage format), or null when there is none. */
    exportOptunaJournal(): string | null {
      const study = currentStudy();
      return study ? studyToOptunaJournal(study) : null;
    },
  };
}
