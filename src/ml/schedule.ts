/**
 * Learning-rate schedules, as pure functions of the epoch (and, for reduce-on-plateau, of the validation
 * losses so far), so they are testable without tfjs and identical on every backend.
 */
import type { LearningRateSchedule } from '../protocol/training';

/** Learning rate for `epoch` (0-based) of `totalEpochs`, given the validation losses of finished epochs. */
export function learningRateAt(schedule: LearningRateSchedule, base: number, epoch: number, totalEpochs: number, validationLosses: readonly number[]): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'exponential':
      return base * schedule.decay ** epoch;
    case 'step':
      return base * schedule.factor ** Math.floor(epoch / schedule.every);
    case 'cosine': {
      // Linear warm-up from base/warmup to base, then a half cosine down to 0 at the last epoch.
      if (epoch < schedule.warmupEpochs) return (base * (epoch + 1)) / schedule.warmupEpochs;
      const span = Math.max(1, totalEpochs - schedule.warmupEpochs);
      const progress = Math.min(1, (epoch - schedule.warmupEpochs) / span);
      return 0.5 * base * (1 + Math.cos(Math.PI * progress));
    }
    case 'plateau': {
      // Keras ReduceLROnPlateau (min_delta 0, no cooldown): each run of `patience` epochs without a new best
      // validation loss multiplies the rate by `factor`.
      let rate = base;
      let best = Number.POSITIVE_INFINITY;
      let waited = 0;
      for (const loss of validationLosses.slice(0, epoch)) {
        if (loss < best) {
          best = loss;
          waited = 0;
        } else if (++waited >= schedule.patience) {
          rate *= schedule.factor;
          waited = 0;
        }
      }
      return rate;
    }
  }
}

/** Keras EarlyStopping (min_delta 0): stop once `patience` epochs pass without a new best validation loss. */
export function shouldStopEarly(patience: number | null, validationLosses: readonly number[]): boolean {
  if (patience === null || validationLosses.length <= patience) return false;
  const best = Math.min(...validationLosses);
  const bestEpoch = validationLosses.indexOf(best);
  return validationLosses.length - 1 - bestEpoch >= patience;
}
