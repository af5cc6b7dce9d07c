/**
 * Keeps charts responsive on large test splits: SVG charts with tens of thousands of marks stall the main
 * thread, so scatter plots draw an evenly spaced, deterministic subset (first and last always kept).
 */
export const MAX_CHART_POINTS = 2000;

export function evenlySpaced<T>(items: readonly T[], max = MAX_CHART_POINTS): readonly T[] {
  if (items.length <= max || max < 2) return items;
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)]!);
}
