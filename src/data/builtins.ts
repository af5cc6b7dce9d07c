/**
 * The datasets that ship with Sweeplab (served from public/datasets, so the app works offline). Provenance
 * and licences are in public/datasets/README.md.
 */
export interface BuiltinDataset {
  readonly id: string;
  /** A table (numbers, categories or labelled text, as CSV) or an image bundle (see data/images/imageBuiltins.ts). */
  readonly kind: 'table' | 'images';
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
    kind: 'table',
    name: 'Iris',
    file: 'iris.csv',
    target: 'target',
    description: '150 flowers, 4 measurements, 3 species',
    classLabels: ['setosa', 'versicolor', 'virginica'],
  },
  { id: 'wine', kind: 'table', name: 'Wine', file: 'wine.csv', target: 'target', description: '178 wines, 13 chemical measurements, 3 cultivars', classLabels: ['class_0', 'class_1', 'class_2'] },
  {
    id: 'breast-cancer',
    kind: 'table',
    name: 'Breast cancer',
    file: 'breast_cancer.csv',
    target: 'target',
    description: '569 tumours, 30 features, malignant or benign',
    classLabels: ['malignant', 'benign'],
  },
  { id: 'digits', kind: 'table', name: 'Digits', file: 'digits.csv', target: 'target', description: '1,797 handwritten digits as 8×8 pixel values, 10 classes' },
  { id: 'diabetes', kind: 'table', name: 'Diabetes', file: 'diabetes.csv', target: 'target', description: '442 patients, 10 features, disease progression (regression)' },
  {
    id: 'spam',
    kind: 'table',
    name: 'Spam e-mail',
    file: 'spam.csv.gz',
    target: 'label',
    description: '6,046 e-mails (subject and body), spam or ham: a text task',
  },
  { id: 'digits-images', kind: 'images', name: 'Digits (images)', file: 'digits-images.bin.gz', target: 'class', description: 'the same 1,797 digits as 8×8 grey images' },
  {
    id: 'fashion-mnist',
    kind: 'images',
    name: 'Fashion-MNIST (9k subset)',
    file: 'fashion-mnist-9k.bin.gz',
    target: 'class',
    description: '8,000 training + 1,000 test 28×28 grey images of clothing, 10 classes',
  },
];

export const findBuiltin = (id: string): BuiltinDataset | undefined => BUILTIN_DATASETS.find((d) => d.id === id);
