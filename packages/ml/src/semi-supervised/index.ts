// Semi-supervised learning: label propagation and spreading (RBF and kNN graphs) and
// self-training around any classifier with predictProba; unlabelled rows are marked -1.
export { LabelPropagation, type LabelPropagationParams, LabelSpreading, type LabelSpreadingParams } from './label-propagation.ts';
export { type ProbabilisticClassifier, SelfTrainingClassifier, type SelfTrainingParams, type TerminationCondition } from './self-training.ts';
export type { GraphKernel } from './graph.ts';
