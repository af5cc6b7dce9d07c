/** How many epochs a trial trained, counted over all its folds (each fold's epochs once). */
import type { Trial } from './types';

export function epochsTrained(trial: Pick<Trial, 'epochs'>): number {
  return new Set(trial.epochs.map((e) => `${e.fold}:${e.epoch}`)).size;
}
