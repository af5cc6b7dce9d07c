/**
 * Sweeplab's random forest and extremely randomised trees, designed after scikit-learn's RandomForest and
 * ExtraTrees (bootstrap as integer row weights, candidate columns drawn per node, Gini or squared-error splits,
 * fully grown trees, probabilities averaged over trees) but on the GBDT's binned features, with learned
 * missing-value directions, in plain TypeScript with typed arrays for the training worker. Models are plain data
 * that predict on raw feature rows.
 */
export { fitForest } from './fit';
export { forestSize, predictForest, type ForestModel } from './model';
export { checkForestParams, FOREST_DEFAULTS, type ForestParams } from './params';
