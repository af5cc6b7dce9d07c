/**
 * The best model's architecture in words, read from its TF.js Layers topology and weight specs: one row per
 * layer with its type, its main settings (units, filters, kernel, activation, rate…) and its parameter count.
 */

export interface LayerRow {
  readonly name: string;
  readonly type: string;
  readonly settings: string;
  readonly parameters: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The settings worth showing, in this order, with how to print them. */
const SETTINGS: readonly [string, (v: unknown) => string][] = [
  ['units', (v) => `${String(v)} units`],
  ['filters', (v) => `${String(v)} filters`],
  ['kernel_size', (v) => `kernel ${Array.isArray(v) ? v.join('×') : String(v)}`],
  ['strides', (v) => (Array.isArray(v) && v.every((s) => s === 1) ? '' : `stride ${Array.isArray(v) ? v.join('×') : String(v)}`)],
  ['pool_size', (v) => `pool ${Array.isArray(v) ? v.join('×') : String(v)}`],
  ['input_dim', (v) => `vocabulary ${String(v)}`],
  ['output_dim', (v) => `${String(v)} dimensions`],
  ['activation', (v) => (v === 'linear' ? '' : String(v))],
  ['rate', (v) => `rate ${String(v)}`],
];

function settingsOf(config: Json): string {
  return SETTINGS.map(([key, show]) => (key in config ? show(config[key]) : ''))
    .filter(Boolean)
    .join(', ');
}

export function describeArchitecture(topology: unknown, weightSpecs: readonly { name: string; shape: readonly number[] }[]): LayerRow[] {
  const root = isObject(topology) && isObject(topology['model_config']) ? topology['model_config'] : topology;
  const layers = isObject(root) && isObject(root['config']) && Array.isArray(root['config']['layers']) ? (root['config']['layers'] as unknown[]) : [];
  const parametersOf = (layer: string) =>
    weightSpecs.filter((w) => w.name.split('/')[0] === layer).reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  return layers.filter(isObject).map((layer) => {
    const config = isObject(layer['config']) ? layer['config'] : {};
    const name = typeof config['name'] === 'string' ? config['name'] : '?';
    return { name, type: String(layer['class_name'] ?? '?'), settings: settingsOf(config), parameters: parametersOf(name) };
  });
}
