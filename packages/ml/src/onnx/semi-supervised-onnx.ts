// SelfTrainingClassifier: the fitted inner estimator's graph (its probabilities), with the label
// taken again as the first maximum of those probabilities, as SelfTrainingClassifier.predict does
// (an SVC with probability: true would otherwise give its own decision-function label).
import type { OnnxGraph } from '@neurite/nn';
import type { SelfTrainingClassifier } from '../semi-supervised/self-training.ts';
import { labelsFromScores, notExportable, type OnnxConverter, type OnnxStep } from './onnx-step.ts';

export function selfTrainingClassifierOnnx(graph: OnnxGraph, model: SelfTrainingClassifier, input: string, nFeatures: number, convert: OnnxConverter<unknown>): OnnxStep {
  const classes = model.classes;
  const inner = convert(graph, model.getParams().estimator, input, nFeatures);
  if (inner.kind !== 'classifier' || inner.scoresOnly) throw notExportable('SelfTrainingClassifier around an estimator without probabilities');
  const { label, labelType } = labelsFromScores(graph, 'SelfTrainingClassifier', inner.probabilities, classes);
  return { ...inner, label, labelType, classes };
}
