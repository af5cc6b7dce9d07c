/**
 * Regularised linear models: L2 logistic regression (binary and multinomial, by our own L-BFGS) and ridge
 * regression (exact, by Cholesky), fitted in standardised space and stored in raw feature units. The learner
 * contract is `../types.ts`; the penalties match scikit-learn's so its fits are the tests' reference.
 */
export { fitLinear } from './fit';
export { LINEAR_DEFAULTS, linearSize, predictLinear, type LinearModel, type LinearParams } from './model';
export { MAX_DENSE_DOUBLES } from './ridge';
