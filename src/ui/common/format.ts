/** Number and duration formatting shared by the views. */
import type { ParamSet } from '../../engine/space/types';
import type { MetricName } from '../../metrics/metrics';

export const METRIC_LABELS: Readonly<Record<MetricName, string>> = {
  accuracy: 'accuracy',
  balanced_accuracy: 'balanced accuracy',
  macro_f1: 'macro F1',
  roc_auc: 'ROC AUC',
  log_loss: 'log loss',
  r2: 'R²',
  rmse: 'RMSE',
  mae: 'MAE',
};

export function formatScore(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export function formatParamValue(value: ParamSet[string]): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return value < 0.01 ? value.toExponential(2) : String(Number(value.toPrecision(3)));
  return String(value);
}

export function formatParams(params: ParamSet): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${formatParamValue(value)}`)
    .join(', ');
}
