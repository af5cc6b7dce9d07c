/**
 * Sweeplab's histogram gradient-boosted decision trees, designed after LightGBM (binned features, gradient
 * histograms with the subtraction trick, leaf-wise growth, learned missing-value directions) in plain TypeScript
 * with typed arrays, for the training worker. Binary log loss, multi-class softmax and squared error; models are
 * plain data that predict on raw feature rows.
 */
export { fitGbdt } from './fit';
export { gbdtSize, predictGbdt, type GbdtModel } from './model';
export { checkParams, GBDT_DEFAULTS, type GbdtParams } from './params';
