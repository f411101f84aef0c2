// Linear models through ai.onnx.ml: LinearRegressor (y = X coef + intercept, output [batch, 1]) and
// LinearClassifier (scores = X coef^T + intercept, then post_transform). A binary LogisticRegression
// has one row of weights w; it is written as two rows [-w, w] with intercepts [-b, b] and LOGISTIC,
// so the scores are [sigmoid(-z), sigmoid(z)] = [1 - p, p], skl2onnx's layout. Multinomial:
// one row per class and SOFTMAX.
import type { OnnxGraph } from '@neurite/nn';
import type { LogisticRegression } from '../linear/logistic-regression.ts';
import { classLabels, type OnnxStep } from './onnx-step.ts';

export function linearRegressorOnnx(graph: OnnxGraph, model: { coef: Float64Array; intercept: number }, input: string): OnnxStep {
  const output = graph.node('LinearRegressor', [input], { coefficients: { floats: [...model.coef] }, intercepts: { floats: [model.intercept] }, targets: 1 }, [graph.name('variable')], 'ai.onnx.ml');
  return { kind: 'regressor', output };
}

export function logisticRegressionOnnx(graph: OnnxGraph, model: LogisticRegression, input: string): OnnxStep {
  const classes = model.classes, coef = model.coef, intercept = model.intercept;
  const { attributes, labelType } = classLabels('LogisticRegression', classes, 'classlabels_ints');
  let coefficients: number[], intercepts: number[];
  if (classes.length === 2) {
    coefficients = [...coef.data.map((v) => -v), ...coef.data];
    intercepts = [-intercept[0]!, intercept[0]!];
  } else {
    coefficients = [...coef.data];
    intercepts = [...intercept];
  }
  const label = graph.name('label'), probabilities = graph.name('probabilities');
  graph.node('LinearClassifier', [input], {
    ...attributes, coefficients: { floats: coefficients }, intercepts: { floats: intercepts }, multi_class: classes.length === 2 ? 0 : 1,
    post_transform: classes.length === 2 ? 'LOGISTIC' : 'SOFTMAX',
  }, [label, probabilities], 'ai.onnx.ml');
  return { kind: 'classifier', label, labelType, probabilities, nColumns: classes.length, classes };
}
