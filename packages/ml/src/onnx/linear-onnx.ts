// Linear models through ai.onnx.ml: LinearRegressor (y = X coef^T + intercept, output [batch, outputs]) and
// LinearClassifier (scores = X coef^T + intercept, then post_transform). A binary LogisticRegression
// has one row of weights w; it is written as two rows [-w, w] with intercepts [-b, b] and LOGISTIC,
// so the scores are [sigmoid(-z), sigmoid(z)] = [1 - p, p], skl2onnx's layout. Multinomial:
// one row per class and SOFTMAX.
import type { OnnxGraph } from '@neurite/nn';
import type { LogisticRegression } from '../linear/logistic-regression.ts';
import { classLabels, type OnnxStep } from './onnx-step.ts';

/** One output, or several after a 2-D y (coefficients [outputs, features], as LinearRegressor reads them): "variable" [batch, outputs]. */
export function linearRegressorOnnx(graph: OnnxGraph, model: { coefs: { rows: number; data: Float64Array }; intercepts: Float64Array }, input: string): OnnxStep {
  const coefs = model.coefs, outputs = coefs.rows;
  const output = graph.node('LinearRegressor', [input], { coefficients: { floats: [...coefs.data] }, intercepts: { floats: [...model.intercepts] }, targets: outputs }, [graph.name('variable')], 'ai.onnx.ml');
  return { kind: 'regressor', output, nOutputs: outputs };
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
