/**
 * Ensembles of already-trained models: greedy ensemble selection with replacement (Caruana et al. 2004) over
 * candidates' out-of-fold outputs, and the weighted blend that turns the chosen weights into predictions.
 */
export { blendPredictions } from './blend';
export { DEFAULT_ROUNDS, selectEnsemble, type EnsembleOptions, type EnsembleSelection } from './select';
