/** Public face of the search-space module. */
export type * from './types';
export { isActive, conditionHolds } from './conditions';
export { sampleParam, valueAt, valueCount } from './sample';
export { enumerateGrid, gridSize, gridValues, MAX_GRID_POINTS } from './grid';
export { finitePoints, finiteSize, isPointOf, MAX_FINITE_SIZE } from './finite';
export { validateSpace, SearchSpaceError } from './validate';
export { parseSpace, parseSpaceJson } from './parse';
