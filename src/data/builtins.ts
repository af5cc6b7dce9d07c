/**
 * The datasets that ship with Sweeplab (served from public/datasets, so the app works offline). Provenance
 * and licences are in public/datasets/README.md.
 */
export interface BuiltinDataset {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly target: string;
  readonly description: string;
  /** Display names of the classes, in label order, where the file stores numbers. */
  readonly classLabels?: readonly string[];
}

export const BUILTIN_DATASETS: readonly BuiltinDataset[] = [
  {
    id: 'iris',
    name: 'Iris',
    file: 'iris.csv',
    target: 'target',
    description: '150 flowers, 4 measurements, 3 species',
    classLabels: ['setosa', 'versicolor', 'virginica'],
  },
  { id: 'wine', name: 'Wine', file: 'wine.csv', target: 'target', description: '178 wines, 13 chemical measurements, 3 cultivars', classLabels: ['class_0', 'class_1', 'class_2'] },
  {
    id: 'breast-cancer',
    name: 'Breast cancer',
    file: 'breast_cancer.csv',
    target: 'target',
    description: '569 tumours, 30 features, malignant or benign',
    classLabels: ['malignant', 'benign'],
  },
  { id: 'digits', name: 'Digits', file: 'digits.csv', target: 'target', description: '1,797 handwritten digits as 8×8 pixel values, 10 classes' },
  { id: 'diabetes', name: 'Diabetes', file: 'diabetes.csv', target: 'target', description: '442 patients, 10 features, disease progression (regression)' },
];

export const findBuiltin = (id: string): BuiltinDataset | undefined => BUILTIN_DATASETS.find((d) => d.id === id);
