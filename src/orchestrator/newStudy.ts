/** Creates the record of a study about to run, from its configuration, its data and the train/test split. */
import type { ModelData, Split } from '../data/types';
import { resolveObjective } from '../metrics/metrics';
import type { StudyConfig } from '../search/config';
import type { DatasetSummary, StudyRecord } from './studyRecord';

export interface NewStudyInputs {
  readonly config: StudyConfig;
  readonly data: ModelData;
  readonly split: Split;
  readonly datasetName: string;
  readonly source: DatasetSummary['source'];
  readonly columns: number;
  readonly fingerprint: string;
  readonly now: Date;
}

export function newStudyRecord(inputs: NewStudyInputs): StudyRecord {
  const { config, data, split, now } = inputs;
  const task = data.task;
  return {
    id: `study-${now.getTime().toString(36)}`,
    createdAt: now.toISOString(),
    config,
    objective: resolveObjective(task.kind, config.objective),
    dataset: {
      name: inputs.datasetName,
      source: inputs.source,
      rows: data.numRows,
      columns: inputs.columns,
      target: task.target,
      task: task.kind,
      classNames: task.classNames,
      featureNames: data.featureNames,
      fingerprint: inputs.fingerprint,
      trainRows: split.train.length,
      testRows: split.test.length,
    },
    state: 'idle',
    message: null,
    backend: null,
    trials: [],
    best: null,
    bestModel: null,
    testPredictions: null,
    startedAt: null,
    finishedAt: null,
  };
}
