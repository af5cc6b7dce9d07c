/**
 * Sharing a study's configuration by link, and opening one. Making a link reads the current settings;
 * opening one never starts anything by itself: the configuration waits in `pendingShare` until the person
 * accepts it (then the dataset, target and settings are applied and they press Start as usual).
 */
import type { StoreApi } from 'zustand/vanilla';
import { encodeShareLink, ShareLinkError, shareUrl, type SharedStudyConfig } from './shareLink';
import type { AppState } from './appStore';

export interface SharingDeps {
  readonly store: StoreApi<AppState>;
  readonly loadBuiltin: (id: string) => Promise<void>;
  readonly setTarget: (target: string) => void;
  readonly setTaskChoice: (choice: SharedStudyConfig['task']) => void;
}

export type ShareLinkResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

export function sharingActions({ store, loadBuiltin, setTarget, setTaskChoice }: SharingDeps) {
  return {
    /** A link that reopens the current configuration (built-in datasets only: files never leave the machine). */
    async makeShareLink(base: string): Promise<ShareLinkResult> {
      const { dataset, target, taskChoice, settings } = store.getState();
      if (dataset.status !== 'ready' || !dataset.builtin) {
        return { ok: false, message: 'Share links work for the built-in datasets only: a file you dropped stays on your machine, so a link cannot carry it.' };
      }
      const config: SharedStudyConfig = {
        dataset: dataset.builtin.id,
        target,
        task: taskChoice,
        preset: settings.presetId,
        space: settings.space,
        sampler: settings.sampler,
        pruner: settings.pruner,
        trials: settings.maxTrials,
        epochs: settings.maxEpochs,
        minutes: settings.maxMinutes,
        seed: settings.seed,
        objective: settings.objective,
        workers: null, // the receiver's own machine decides how many workers it can run
      };
      try {
        return { ok: true, url: shareUrl(base, await encodeShareLink(config)) };
      } catch (error) {
        return { ok: false, message: error instanceof ShareLinkError ? error.message : String(error) };
      }
    },
    /** Holds a decoded link's configuration until the person accepts or dismisses it. */
    offerSharedConfig(config: SharedStudyConfig) {
      store.setState({ pendingShare: config });
    },
    dismissSharedConfig() {
      store.setState({ pendingShare: null });
    },
    /** Applies the offered configuration: dataset, target, task and search settings. Starts nothing. */
    async acceptSharedConfig(): Promise<void> {
      const config = store.getState().pendingShare;
      if (!config || store.getState().study?.state === 'running') return;
      store.setState({ pendingShare: null });
      await loadBuiltin(config.dataset);
      setTaskChoice(config.task);
      if (config.target !== null) setTarget(config.target);
      const current = store.getState().settings;
      store.setState({
        settings: {
          ...current,
          presetId: config.preset,
          space: config.space,
          sampler: config.sampler,
          pruner: config.pruner,
          maxTrials: config.trials,
          maxEpochs: config.epochs,
          maxMinutes: config.minutes,
          seed: config.seed,
          objective: config.objective,
          ...(config.workers !== null ? { workers: config.workers } : {}),
        },
        spaceProblems: [],
      });
    },
  };
}
