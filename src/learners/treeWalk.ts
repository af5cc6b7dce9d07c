/**
 * Walking a tree of the tree learners (boosted trees, forests) from its root to a leaf for one raw feature row.
 * Both store their trees the same way: a node splits when feature ≥ 0 (x ≤ threshold, or NaN with missingLeft,
 * goes to `left`, the rest to `left + 1`: siblings are side by side, so no right-child array is needed); a leaf
 * has feature −1. One definition of that rule, so a model predicts exactly as it was trained and exported.
 */

/** The node arrays a walk reads. */
export interface TreeNodes {
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
}

/** The leaf node reached from `root` by the row starting at features[rowStart]. */
export function leafOf(nodes: TreeNodes, root: number, features: Float32Array, rowStart: number): number {
  const { feature, threshold, missingLeft, left } = nodes;
  let node = root;
  let f = feature[node]!;
  while (f >= 0) {
    const x = features[rowStart + f]!;
    const goLeft = x !== x ? missingLeft[node] === 1 : x <= threshold[node]!;
    node = goLeft ? left[node]! : left[node]! + 1;
    f = feature[node]!;
  }
  return node;
}
