/**
 * The files of an exported model:
 * - a network: TensorFlow.js Layers format, `model.json` (topology, weights manifest, and Sweeplab's
 *   preprocessing under userDefinedMetadata) and one binary weights file, loadable with
 *   `tf.loadLayersModel('…/model.json')`;
 * - a learner (gradient-boosted trees, a forest, a linear model): `model.json` holding the model as plain data
 *   (format `sweeplab-learner`) and its preprocessing;
 * - an ensemble: `model.json` (format `sweeplab-ensemble`) listing every member with its trial and weight —
 *   a learner member inline, a network member's topology inline with its weights in `member-<k>.weights.bin`.
 */
import { isLayersModel, type LayersTrainedModel, type LearnerTrainedModel, type TrainedModel } from '../protocol/training';

export const WEIGHTS_FILE = 'model.weights.bin';

export interface ExportedFile {
  readonly name: string;
  readonly content: string | ArrayBuffer;
}

const generatedBy = (appVersion: string) => `sweeplab ${appVersion}`;

function layersJson(model: LayersTrainedModel, weightsFile: string, appVersion: string) {
  return {
    format: 'layers-model',
    generatedBy: generatedBy(appVersion),
    convertedBy: null,
    modelTopology: model.modelTopology,
    weightsManifest: [{ paths: [`./${weightsFile}`], weights: model.weightSpecs }],
    userDefinedMetadata: { sweeplab: model.preprocessing },
  };
}

function learnerJson(model: LearnerTrainedModel, appVersion: string) {
  // Typed arrays are written as plain arrays, so any JSON reader gets numbers.
  const plain = JSON.parse(JSON.stringify(model.learner, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value))) as unknown;
  return { format: 'sweeplab-learner', generatedBy: generatedBy(appVersion), learner: plain, preprocessing: model.preprocessing };
}

/** The files that make up `model`'s export, model.json first. */
export function modelFiles(model: TrainedModel, appVersion: string): ExportedFile[] {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  if (isLayersModel(model)) return [{ name: 'model.json', content: json(layersJson(model, WEIGHTS_FILE, appVersion)) }, { name: WEIGHTS_FILE, content: model.weightData }];
  if (model.format === 'learner') return [{ name: 'model.json', content: json(learnerJson(model, appVersion)) }];
  const weights: ExportedFile[] = [];
  const members = model.members.map((member, k) => {
    if (!isLayersModel(member.model)) return { trialNumber: member.trialNumber, weight: member.weight, model: learnerJson(member.model, appVersion) };
    const file = `member-${k}.weights.bin`;
    weights.push({ name: file, content: member.model.weightData });
    return { trialNumber: member.trialNumber, weight: member.weight, model: layersJson(member.model, file, appVersion) };
  });
  return [{ name: 'model.json', content: json({ format: 'sweeplab-ensemble', generatedBy: generatedBy(appVersion), members, preprocessing: model.preprocessing }) }, ...weights];
}

const LEARNER_NAMES: Readonly<Record<LearnerTrainedModel['learner']['kind'], string>> = { gbdt: 'boosted trees', linear: 'linear model', forest: 'forest of trees' };

/** A one-line description of what the export holds, for the button's caption. */
export function modelFilesCaption(model: TrainedModel): string {
  if (isLayersModel(model)) return `TensorFlow.js Layers format (model.json + ${WEIGHTS_FILE}); input scaling and class names are in its userDefinedMetadata.`;
  if (model.format === 'learner') return `model.json: the ${LEARNER_NAMES[model.learner.kind]} as plain JSON data, with feature names and class names.`;
  return `model.json: the ensemble's ${model.members.length} members with their weights (networks' weights in member files).`;
}
