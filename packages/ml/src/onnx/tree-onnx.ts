// Trees, random forests and gradient boosting through ai.onnx.ml TreeEnsembleClassifier /
// TreeEnsembleRegressor (opset 3 attributes, aggregate_function SUM).
// Nodes: BRANCH_LEQ on float32 x. Neurite (as scikit-learn) sends a row left when
// float32(x) <= threshold with a float64 threshold; the runtime compares in float32, so each
// threshold is written as the largest float32 <= it, which keeps every comparison exact.
// Leaves: a classifier tree's leaf weights are its class fractions (divided by the number of trees
// for a forest's mean); a boosting stage's leaf weights are learningRate x the leaf value, the
// initial raw scores go to base_values (two classes: into the first tree's leaves, see below). Two classes: class-1 weights only (class_ids 1), the layout
// of skl2onnx (writing both classes' weights gives wrong labels in onnxruntime). The runtime's label
// is then right but its class-0 column is not 1 - p (onnxruntime-web 1.31 writes 0, or sigmoid(0)
// under LOGISTIC), so the probabilities are rebuilt as [1 - p, p] from column 1.
import type { OnnxGraph } from '@neurite/nn';
import type { GradientBoostingClassifier } from '../ensemble/gradient-boosting-classifier.ts';
import type { GradientBoostingRegressor } from '../ensemble/gradient-boosting-regressor.ts';
import type { RandomForestClassifier } from '../ensemble/random-forest-classifier.ts';
import type { RandomForestRegressor } from '../ensemble/random-forest-regressor.ts';
import type { DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import type { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { TREE_LEAF, type TreeArrays } from '../tree/tree-arrays.ts';
import { classLabels, int64Constant, notExportable, type OnnxStep } from './onnx-step.ts';

/** The largest float32 not above t (exact float32 comparisons against a float64 threshold). */
export function float32AtMost(t: number): number {
  const f = Math.fround(t);
  if (f <= t) return f;
  const bits = new Float32Array([f]), view = new Int32Array(bits.buffer);
  view[0] = f > 0 ? view[0]! - 1 : f === 0 ? -0x7fffffff : view[0]! + 1; // one ulp towards -Infinity (0 -> the negative subnormal)
  return bits[0]!;
}

/** Leaf weights: which output column (class id / target id) and how much, per leaf. */
type LeafWeights = (tree: TreeArrays, node: number) => { id: number; weight: number }[];

interface EnsembleAttributes {
  nodes: Record<string, { ints: number[] } | { floats: number[] } | { strings: string[] }>;
  leafTrees: number[]; leafNodes: number[]; leafIds: number[]; leafWeights: number[];
}

function ensembleAttributes(trees: readonly TreeArrays[], leafWeights: LeafWeights): EnsembleAttributes {
  const treeIds: number[] = [], nodeIds: number[] = [], featureIds: number[] = [], modes: string[] = [], values: number[] = [], trueIds: number[] = [], falseIds: number[] = [];
  const leafTrees: number[] = [], leafNodes: number[] = [], leafIds: number[] = [], weights: number[] = [];
  trees.forEach((tree, t) => {
    for (let node = 0; node < tree.nodeCount; node++) {
      const leaf = tree.childrenLeft[node] === TREE_LEAF;
      treeIds.push(t);
      nodeIds.push(node);
      featureIds.push(leaf ? 0 : tree.feature[node]!);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      values.push(leaf ? 0 : float32AtMost(tree.threshold[node]!));
      trueIds.push(leaf ? 0 : tree.childrenLeft[node]!);
      falseIds.push(leaf ? 0 : tree.childrenRight[node]!);
      if (!leaf) continue;
      for (const { id, weight } of leafWeights(tree, node)) {
        leafTrees.push(t);
        leafNodes.push(node);
        leafIds.push(id);
        weights.push(weight);
      }
    }
  });
  return {
    nodes: {
      nodes_treeids: { ints: treeIds }, nodes_nodeids: { ints: nodeIds }, nodes_featureids: { ints: featureIds }, nodes_modes: { strings: modes },
      nodes_values: { floats: values }, nodes_truenodeids: { ints: trueIds }, nodes_falsenodeids: { ints: falseIds },
    },
    leafTrees, leafNodes, leafIds, leafWeights: weights,
  };
}

function checkSingleOutput(owner: string, trees: readonly TreeArrays[], nValues: number): void {
  if (trees.some((t) => t.nValues !== nValues)) throw notExportable(`${owner} with several outputs`);
}

function treeClassifier(graph: OnnxGraph, owner: string, trees: readonly TreeArrays[], classes: readonly (number | string)[], scale: number, input: string): OnnxStep {
  const k = classes.length;
  checkSingleOutput(owner, trees, k);
  const { attributes, labelType } = classLabels(owner, classes);
  const leaves: LeafWeights = (tree, node) => (k === 2
    ? [{ id: 1, weight: tree.value[node * 2 + 1]! * scale }]
    : Array.from({ length: k }, (_, c) => ({ id: c, weight: tree.value[node * k + c]! * scale })));
  const e = ensembleAttributes(trees, leaves);
  const label = graph.name('label'), scores = graph.name('scores');
  graph.node('TreeEnsembleClassifier', [input], {
    ...attributes, ...e.nodes, class_treeids: { ints: e.leafTrees }, class_nodeids: { ints: e.leafNodes }, class_ids: { ints: e.leafIds },
    class_weights: { floats: e.leafWeights }, post_transform: 'NONE',
  }, [label, scores], 'ai.onnx.ml');
  return { kind: 'classifier', label, labelType, probabilities: k === 2 ? fromClassOne(graph, scores) : scores, nColumns: k, classes };
}

/** [1 - p, p] from column 1 of two-class scores [batch, 2]. */
function fromClassOne(graph: OnnxGraph, scores: string): string {
  const p = graph.node('Slice', [scores, int64Constant(graph, 'starts', [1]), int64Constant(graph, 'ends', [2]), int64Constant(graph, 'axes', [1])]);
  const q = graph.node('Sub', [graph.constant('one', [1], []), p]);
  return graph.node('Concat', [q, p], { axis: 1 });
}

function treeRegressor(graph: OnnxGraph, owner: string, trees: readonly TreeArrays[], scale: number, base: number, input: string): OnnxStep {
  checkSingleOutput(owner, trees, 1);
  const e = ensembleAttributes(trees, (tree, node) => [{ id: 0, weight: tree.value[node]! * scale }]);
  const output = graph.node('TreeEnsembleRegressor', [input], {
    ...e.nodes, target_treeids: { ints: e.leafTrees }, target_nodeids: { ints: e.leafNodes }, target_ids: { ints: e.leafIds },
    target_weights: { floats: e.leafWeights }, n_targets: 1, aggregate_function: 'SUM', base_values: { floats: [base] }, post_transform: 'NONE',
  }, [graph.name('variable')], 'ai.onnx.ml');
  return { kind: 'regressor', output };
}

export function decisionTreeClassifierOnnx(graph: OnnxGraph, model: DecisionTreeClassifier, input: string): OnnxStep {
  return treeClassifier(graph, 'DecisionTreeClassifier', [model.tree], model.classes, 1, input);
}

export function decisionTreeRegressorOnnx(graph: OnnxGraph, model: DecisionTreeRegressor, input: string): OnnxStep {
  return treeRegressor(graph, 'DecisionTreeRegressor', [model.tree], 1, 0, input);
}

export function randomForestClassifierOnnx(graph: OnnxGraph, model: RandomForestClassifier, input: string): OnnxStep {
  const trees = model.estimators.map((e) => e.tree);
  return treeClassifier(graph, 'RandomForestClassifier', trees, model.classes, 1 / trees.length, input);
}

export function randomForestRegressorOnnx(graph: OnnxGraph, model: RandomForestRegressor, input: string): OnnxStep {
  const trees = model.estimators.map((e) => e.tree);
  return treeRegressor(graph, 'RandomForestRegressor', trees, 1 / trees.length, 0, input);
}

/** The initial raw scores (one for regression and two classes, one per class otherwise). */
function initialScores(model: GradientBoostingClassifier | GradientBoostingRegressor): number[] {
  return (model.toJSON().state as { init: number[] }).init;
}

export function gradientBoostingRegressorOnnx(graph: OnnxGraph, model: GradientBoostingRegressor, input: string): OnnxStep {
  const trees = model.estimators.map((stage) => stage[0]!);
  return treeRegressor(graph, 'GradientBoostingRegressor', trees, model.getParams().learningRate, initialScores(model)[0]!, input);
}

/** Raw scores summed per class, then LOGISTIC (two classes, class 1 only; of 2 raw for loss 'exponential') or SOFTMAX, as predictProba. */
export function gradientBoostingClassifierOnnx(graph: OnnxGraph, model: GradientBoostingClassifier, input: string): OnnxStep {
  const classes = model.classes, k = classes.length, rate = model.getParams().learningRate, init = initialScores(model);
  const stages = model.estimators;
  const { attributes, labelType } = classLabels('GradientBoostingClassifier', classes);
  const trees: TreeArrays[] = [], columnOf: number[] = [];
  for (const stage of stages) stage.forEach((tree, c) => { trees.push(tree); columnOf.push(k === 2 ? 1 : c); });
  checkSingleOutput('GradientBoostingClassifier', trees, 1);
  const indexOf = new Map(trees.map((t, i) => [t, i]));
  // Two classes: the runtime drops a single base value (onnxruntime-web 1.31), so the initial raw
  // score is folded into the leaves of the first stage's tree instead.
  const first = trees[0];
  // Loss 'exponential' (two classes): predictProba is expit(2 raw), so every raw term is doubled.
  const factor = model.getParams().loss === 'exponential' ? 2 : 1;
  const e = ensembleAttributes(trees, (tree, node) => [{ id: columnOf[indexOf.get(tree)!]!, weight: factor * (tree.value[node]! * rate + (k === 2 && tree === first ? init[0]! : 0)) }]);
  const label = graph.name('label'), scores = graph.name('scores');
  graph.node('TreeEnsembleClassifier', [input], {
    ...attributes, ...e.nodes, class_treeids: { ints: e.leafTrees }, class_nodeids: { ints: e.leafNodes }, class_ids: { ints: e.leafIds },
    class_weights: { floats: e.leafWeights }, ...(k === 2 ? {} : { base_values: { floats: init } }), post_transform: k === 2 ? 'LOGISTIC' : 'SOFTMAX',
  }, [label, scores], 'ai.onnx.ml');
  return { kind: 'classifier', label, labelType, probabilities: k === 2 ? fromClassOne(graph, scores) : scores, nColumns: k, classes };
}
