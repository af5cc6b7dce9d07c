/**
 * Captures a trained model of any family as Layers artifacts (topology, weight specs, one weight buffer) with
 * the preprocessing a user needs to feed it: the input layout, table scaling, the token cut or the
 * bag-of-words IDF, and the meaning of the outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { TABLE_LAYOUT, type ModelData } from '../data/types';
import type { TrainedModel } from '../protocol/training';
import type { RunTensors } from './train';

export async function captureModel(model: tf.LayersModel, data: ModelData, run: RunTensors): Promise<TrainedModel> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) throw new Error('The model could not be serialised');
  const weightData = Array.isArray(artifacts.weightData) ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
  return {
    modelTopology: artifacts.modelTopology as object,
    weightSpecs: artifacts.weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
    weightData,
    preprocessing: {
      input: data.input ?? TABLE_LAYOUT,
      ...(run.input.kind === 'tokens' ? { tokens: { sequenceLength: run.input.sequenceLength, vocabularySize: run.input.vocabularySize } } : {}),
      ...(run.input.kind === 'bow' ? { bagOfWords: { vocabularySize: run.input.vocabularySize, idf: run.input.idf ? [...run.input.idf] : null } } : {}),
      featureNames: data.featureNames,
      mean: [...run.scaler.mean],
      std: [...run.scaler.std],
      task: data.task.kind,
      classNames: data.task.classNames,
      targetScale: run.targetScale,
    },
  };
}
