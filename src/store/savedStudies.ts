/**
 * The studies list: studies kept in this browser's IndexedDB, opened again after a reload or a crash, and
 * resumed where they stopped when their dataset is at hand (a built-in dataset is fetched again; a dropped
 * file must be dropped again, and is recognised by its fingerprint). Completed trials are never re-run.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ModelData, Split } from '../data/types';
import type { StudyRecord } from '../orchestrator/studyRecord';
import type { StudyDb } from '../persistence/studyDb';
import type { StudyConfig } from '../search/config';
import { datasetIdentity, type AppState } from './appStore';

export interface SavedStudyDeps {
  readonly store: StoreApi<AppState>;
  readonly studyDb: Promise<StudyDb | null>;
  readonly isRunning: () => boolean;
  readonly refresh: () => Promise<void>;
  readonly loadBuiltin: (id: string) => Promise<void>;
  readonly setTarget: (target: string) => void;
  /** The current dataset prepared for a study with this configuration, or why it cannot be. */
  readonly studyData: (config: StudyConfig) => { data: ModelData; split: Split } | string;
  /** Shows the study ready to resume on `data`. */
  readonly attach: (study: StudyRecord, data: ModelData, split: Split) => Promise<void>;
  /** Shows the study read-only. */
  readonly show: (study: StudyRecord) => void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function savedStudyActions(deps: SavedStudyDeps) {
  const { store } = deps;
  const notify = (message: string) => store.setState({ notices: [...store.getState().notices, message] });
  const currentFingerprint = () => {
    const { dataset } = store.getState();
    return dataset.status === 'ready' ? datasetIdentity(dataset).fingerprint : null;
  };

  return {
    refreshSavedStudies: deps.refresh,
    /** Shows a saved study; one that was stopped or interrupted becomes resumable when its data is here. */
    async openSavedStudy(id: string): Promise<void> {
      const db = await deps.studyDb;
      if (!db || deps.isRunning()) return;
      try {
        const loaded = await db.loadStudy(id);
        if (!loaded) throw new Error('it is no longer in this browser’s storage');
        const study = loaded.record;
        const { source, fingerprint, target, name } = study.dataset;
        if (currentFingerprint() !== fingerprint && source.kind === 'builtin') await deps.loadBuiltin(source.id);
        if (study.state !== 'stopped') return deps.show(study);
        if (currentFingerprint() !== fingerprint) {
          deps.show(study);
          return notify(`To resume “${study.dataset.name}”, load ${name} again: the study was run on that file (SHA-256 ${fingerprint.slice(0, 12)}…).`);
        }
        deps.setTarget(target);
        const prepared = deps.studyData(study.config);
        if (typeof prepared === 'string') {
          deps.show(study);
          return notify(`Cannot resume this study: ${prepared}`);
        }
        await deps.attach(study, prepared.data, prepared.split);
      } catch (error) {
        notify(`Could not open the saved study: ${errorText(error)}`);
      }
    },
    async deleteSavedStudy(id: string): Promise<void> {
      const db = await deps.studyDb;
      if (!db) return;
      if (store.getState().study?.id === id && deps.isRunning()) return;
      try {
        await db.deleteStudy(id);
      } catch (error) {
        notify(`Could not delete the saved study: ${errorText(error)}`);
      }
      await deps.refresh();
    },
  };
}
