/**
 * The files of an exported model in TensorFlow.js Layers format: `model.json` (topology, weights manifest,
 * and Sweeplab's preprocessing under userDefinedMetadata) and one binary weights file, loadable with
 * `tf.loadLayersModel('…/model.json')`.
 */
import type { TrainedModel } from '../protocol/training';

export const WEIGHTS_FILE = 'model.weights.bin';

export function modelJson(model: TrainedModel, appVersion: string): string {
  return JSON.stringify(
    {
      format: 'layers-model',
      generatedBy: `sweeplab ${appVersion}`,
      convertedBy: null,
      modelTopology: model.modelTopology,
      weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: model.weightSpecs }],
      userDefinedMetadata: { sweeplab: model.preprocessing },
    },
    null,
    2,
  );
}
