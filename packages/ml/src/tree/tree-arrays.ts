// A fitted tree as parallel typed arrays, the layout of scikit-learn's `tree_` (node 0 is the root,
// nodes in depth-first preorder, a leaf has childrenLeft = childrenRight = TREE_LEAF and feature =
// threshold = TREE_UNDEFINED). `value` holds nValues numbers per node: the weighted class fractions
// for a classifier (as scikit-learn >= 1.4 stores them) or the weighted mean for a regressor.
// A sample goes left when float32(x[feature]) <= threshold, as scikit-learn compares float32 X.
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';

export const TREE_LEAF = -1;
export const TREE_UNDEFINED = -2;

export interface TreeArrays {
  nodeCount: number;
  nValues: number;
  childrenLeft: Int32Array;
  childrenRight: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
  /** nodeCount * nValues, row-major. */
  value: Float64Array;
}

/** The leaf each row of X ends in. */
export function applyTree(tree: TreeArrays, X: Matrix): Int32Array {
  const { rows, cols, data } = X;
  const out = new Int32Array(rows);
  const left = tree.childrenLeft;
  const right = tree.childrenRight;
  const feature = tree.feature;
  const threshold = tree.threshold;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let node = 0;
    while (left[node]! !== TREE_LEAF) node = Math.fround(data[base + feature[node]!]!) <= threshold[node]! ? left[node]! : right[node]!;
    out[i] = node;
  }
  return out;
}

/** The nodes each row passes through, as CSR rows (scikit-learn's decision_path indicator): row i's nodes are indices[indptr[i]..indptr[i+1]). */
export function decisionPathOf(tree: TreeArrays, X: Matrix): { indptr: Int32Array; indices: Int32Array } {
  const { rows, cols, data } = X;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  for (let i = 0; i < rows; i++) {
    let node = 0;
    indices.push(0);
    while (tree.childrenLeft[node]! !== TREE_LEAF) {
      node = Math.fround(data[i * cols + tree.feature[node]!]!) <= tree.threshold[node]! ? tree.childrenLeft[node]! : tree.childrenRight[node]!;
      indices.push(node);
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices) };
}

/** Mean decrease in impurity per feature (weighted by node size), normalised to sum 1 unless all zero; scikit-learn's compute_feature_importances. */
export function impurityImportances(tree: TreeArrays, nFeatures: number, normalize = true): Float64Array {
  const out = new Float64Array(nFeatures);
  const w = tree.weightedNNodeSamples;
  for (let node = 0; node < tree.nodeCount; node++) {
    const l = tree.childrenLeft[node]!;
    if (l === TREE_LEAF) continue;
    const r = tree.childrenRight[node]!;
    out[tree.feature[node]!]! += w[node]! * tree.impurity[node]! - w[l]! * tree.impurity[l]! - w[r]! * tree.impurity[r]!;
  }
  for (let f = 0; f < nFeatures; f++) out[f]! /= w[0]!;
  if (normalize) {
    let total = 0;
    for (let f = 0; f < nFeatures; f++) total += out[f]!;
    if (total > 0) for (let f = 0; f < nFeatures; f++) out[f]! /= total;
  }
  return out;
}

/** Depth of the deepest leaf (a lone root has depth 0) and the number of leaves. */
export function treeShape(tree: TreeArrays): { depth: number; leaves: number } {
  const depth = new Int32Array(tree.nodeCount);
  let max = 0;
  let leaves = 0;
  for (let node = 0; node < tree.nodeCount; node++) {
    const l = tree.childrenLeft[node]!;
    if (l === TREE_LEAF) {
      leaves++;
      if (depth[node]! > max) max = depth[node]!;
    } else {
      depth[l] = depth[node]! + 1;
      depth[tree.childrenRight[node]!] = depth[node]! + 1;
    }
  }
  return { depth: max, leaves };
}

/** Plain arrays for JSON (float64 values print and parse back exactly). */
export interface TreeJSON {
  nodeCount: number;
  nValues: number;
  childrenLeft: number[];
  childrenRight: number[];
  feature: number[];
  threshold: number[];
  impurity: number[];
  nNodeSamples: number[];
  weightedNNodeSamples: number[];
  value: number[];
}

export function treeToJSON(tree: TreeArrays): TreeJSON {
  return {
    nodeCount: tree.nodeCount,
    nValues: tree.nValues,
    childrenLeft: Array.from(tree.childrenLeft),
    childrenRight: Array.from(tree.childrenRight),
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    impurity: Array.from(tree.impurity),
    nNodeSamples: Array.from(tree.nNodeSamples),
    weightedNNodeSamples: Array.from(tree.weightedNNodeSamples),
    value: Array.from(tree.value),
  };
}

function numbers(json: Record<string, unknown>, key: string, length: number, what: string): number[] {
  const v = json[key];
  if (!Array.isArray(v) || v.length !== length) throw new ShapeError(`${what}: ${key} must be an array of ${length} numbers`);
  for (const x of v) if (typeof x !== 'number' || Number.isNaN(x)) throw new ArgumentError(`${what}: ${key} holds a non-number`);
  return v as number[];
}

/** Validates every count, child index (forward only, so no cycle) and feature index before building the arrays. */
export function treeFromJSON(json: unknown, nFeatures: number, what = 'tree'): TreeArrays {
  if (json === null || typeof json !== 'object') throw new ArgumentError(`${what}: expected an object`);
  const j = json as Record<string, unknown>;
  const nodeCount = j.nodeCount;
  const nValues = j.nValues;
  if (typeof nodeCount !== 'number' || !Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 1e8) throw new ArgumentError(`${what}: nodeCount must be a positive integer`);
  if (typeof nValues !== 'number' || !Number.isInteger(nValues) || nValues < 1 || nValues > 1e6) throw new ArgumentError(`${what}: nValues must be a positive integer`);
  const left = numbers(j, 'childrenLeft', nodeCount, what);
  const right = numbers(j, 'childrenRight', nodeCount, what);
  const feature = numbers(j, 'feature', nodeCount, what);
  for (let i = 0; i < nodeCount; i++) {
    const l = left[i]!;
    const r = right[i]!;
    if (l === TREE_LEAF && r === TREE_LEAF) continue;
    if (!Number.isInteger(l) || !Number.isInteger(r) || l <= i || r <= i || l >= nodeCount || r >= nodeCount) throw new ArgumentError(`${what}: node ${i} has bad children ${l}, ${r}`);
    if (!Number.isInteger(feature[i]) || feature[i]! < 0 || feature[i]! >= nFeatures) throw new ArgumentError(`${what}: node ${i} splits on feature ${feature[i]}, expected 0..${nFeatures - 1}`);
  }
  return {
    nodeCount,
    nValues,
    childrenLeft: Int32Array.from(left),
    childrenRight: Int32Array.from(right),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(numbers(j, 'threshold', nodeCount, what)),
    impurity: Float64Array.from(numbers(j, 'impurity', nodeCount, what)),
    nNodeSamples: Int32Array.from(numbers(j, 'nNodeSamples', nodeCount, what)),
    weightedNNodeSamples: Float64Array.from(numbers(j, 'weightedNNodeSamples', nodeCount, what)),
    value: Float64Array.from(numbers(j, 'value', nodeCount * nValues, what)),
  };
}
