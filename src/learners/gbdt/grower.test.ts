import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/study/rng';
import { binRows, fitBins } from './binning';
import { TreeGrower } from './grower';
import { MAX_NODES, TreeStore } from './model';

/** A tree grown on random gradients of a 1,000 × 6 table, with the given histogram budget. */
function grow(budget: number, maxLeaves: number) {
  const rng = createRng(12);
  const n = 1000;
  const f = 6;
  const features = Float32Array.from({ length: n * f }, () => rng.next());
  const grad = Float32Array.from({ length: n }, (_, i) => Math.sin(7 * features[i * f]!) + features[i * f + 1]! * features[i * f + 2]! + 0.1 * rng.next());
  const hess = Float32Array.from({ length: n }, () => 0.5 + rng.next());
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  const bins = fitBins(features, f, rows, 64, createRng(1));
  const grower = new TreeGrower(bins, binRows(bins, features, f, rows), n, { maxLeaves, maxDepth: 0, minSamplesLeaf: 5, minHessian: 1e-3, l2: 1, learningRate: 0.1, histogramBudget: budget });
  grower.rows.set(rows);
  grower.grow(grad, hess, n, true, Int32Array.of(0, 1, 2, 3, 4, 5), 6);
  const store = new TreeStore();
  grower.appendTo(store);
  return { store, leaves: grower.numLeaves };
}

describe('TreeGrower', () => {
  it('grows the same tree when its histogram pool is too small to keep every leaf’s (rebuilt from rows instead)', () => {
    const roomy = grow(64 * 2 ** 20, 40);
    const tight = grow(1, 40); // two slots: most splits find their parent's histogram evicted
    expect(roomy.leaves).toBe(40);
    expect(tight.leaves).toBe(40);
    expect(Array.from(tight.store.feature.subarray(0, tight.store.nodes))).toEqual(Array.from(roomy.store.feature.subarray(0, roomy.store.nodes)));
    expect(Array.from(tight.store.threshold.subarray(0, tight.store.nodes))).toEqual(Array.from(roomy.store.threshold.subarray(0, roomy.store.nodes)));
    const a = roomy.store.value.subarray(0, roomy.store.nodes);
    const b = tight.store.value.subarray(0, tight.store.nodes);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 12);
  });

  it('refuses a model past MAX_NODES before allocating for it', () => {
    const store = new TreeStore();
    expect(() => store.reserve(MAX_NODES + 1)).toThrow(/passed 33,554,432 nodes/);
    expect(store.feature.length).toBe(1024);
  });
});
