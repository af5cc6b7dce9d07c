/**
 * Class imbalance of a classification target: how many rows each class has, whether the smallest class is
 * small enough that accuracy stops meaning much (a model answering the largest class every time scores
 * high), and balanced class weights for a loss that counts every class alike. Pure, so the dataset summary
 * and the search presets (class weights, a balanced objective) decide from the same numbers.
 * Splits are stratified (split.ts), so the training rows have the same class shares as the whole target.
 */

/** Imbalanced when the smallest class has fewer rows than this share of the largest's… */
export const IMBALANCE_RATIO = 0.2;
/** …or fewer than this share of all rows (for many classes, half an even share, whichever is smaller). */
export const IMBALANCE_SHARE = 0.1;

export interface Imbalance {
  /** Rows per class, by class index. */
  readonly counts: readonly number[];
  /** Index of the class with the fewest rows (ties: the lower index), and of the one with the most. */
  readonly smallest: number;
  readonly largest: number;
  /** The smallest class's rows over the largest's (1: even; 0: a class has no rows). */
  readonly ratio: number;
  /** The smallest class's share of all rows. */
  readonly smallestShare: number;
  readonly imbalanced: boolean;
  /**
   * Balanced weight per class, rows / (classes × class rows), as scikit-learn's class_weight='balanced': the
   * weighted classes count alike in the loss. 0 for a class with no rows.
   */
  readonly classWeights: readonly number[];
}

/**
 * The imbalance of `targets` (class indices 0 … numClasses − 1; NaN or out-of-range values are not counted,
 * so pass the training rows' targets). Imbalanced when the smallest class has under IMBALANCE_RATIO of the
 * largest class's rows, or under min(IMBALANCE_SHARE, 0.5 / numClasses) of all rows.
 */
export function imbalanceOf(targets: ArrayLike<number>, numClasses: number): Imbalance {
  const counts = new Array<number>(Math.max(0, numClasses)).fill(0);
  let total = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (Number.isInteger(t) && t >= 0 && t < numClasses) {
      counts[t]!++;
      total++;
    }
  }
  let smallest = 0;
  let largest = 0;
  counts.forEach((n, c) => {
    if (n < counts[smallest]!) smallest = c;
    if (n > counts[largest]!) largest = c;
  });
  const ratio = numClasses > 0 && counts[largest]! > 0 ? counts[smallest]! / counts[largest]! : 1;
  const smallestShare = total > 0 ? counts[smallest]! / total : 0;
  const shareLimit = numClasses > 0 ? Math.min(IMBALANCE_SHARE, 0.5 / numClasses) : 0;
  const imbalanced = numClasses >= 2 && total > 0 && (ratio < IMBALANCE_RATIO || smallestShare < shareLimit);
  const classWeights = counts.map((n) => (n > 0 ? total / (numClasses * n) : 0));
  return { counts, smallest, largest, ratio, smallestShare, imbalanced, classWeights };
}

/** What the dataset summary says about an imbalanced target, or null when the classes are balanced enough. */
export function imbalanceNote(imbalance: Imbalance, classNames: readonly string[]): string | null {
  if (!imbalance.imbalanced) return null;
  const { counts, smallest, largest, smallestShare } = imbalance;
  const name = (c: number) => `“${classNames[c] ?? String(c)}”`;
  return (
    `Imbalanced classes: ${name(smallest)} has ${counts[smallest]!.toLocaleString('en')} rows (${(100 * smallestShare).toFixed(1)} %), ` +
    `${name(largest)} ${counts[largest]!.toLocaleString('en')}. A model that always answers ${name(largest)} already looks accurate: ` +
    'a class-balanced objective (balanced accuracy or macro F1) counts every class equally, and models then train with balanced class weights.'
  );
}
