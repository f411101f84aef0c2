// Minimal cost-complexity pruning (Breiman et al. 1984, ch. 3) as scikit-learn's
// _cost_complexity_prune runs it: R(t) = weight(t) / weight(root) * impurity(t); while the root is
// not a leaf, the internal node with the smallest effective alpha (R(t) - R(T_t)) / (|leaves(T_t)| - 1)
// (first in node order on ties) is collapsed into a leaf. The path records every alpha and the
// total leaf impurity R(T) after it; pruning with ccpAlpha stops at the first alpha above it.
import { TREE_LEAF, TREE_UNDEFINED, type TreeArrays } from './tree-arrays.ts';

export interface PruningPath {
  ccpAlphas: Float64Array;
  impurities: Float64Array;
}

/** Runs the pruning sequence; `stop(alpha)` true ends it before that alpha is applied. Returns which nodes stay and which became leaves. */
function prune(tree: TreeArrays, stop: (alpha: number) => boolean, save: (alpha: number, impurity: number) => void): { inSubtree: Uint8Array; leaf: Uint8Array } {
  const n = tree.nodeCount;
  const left = tree.childrenLeft;
  const right = tree.childrenRight;
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (left[i]! !== TREE_LEAF) {
      parent[left[i]!] = i;
      parent[right[i]!] = i;
    }
  }
  const total = tree.weightedNNodeSamples[0]!;
  const rNode = new Float64Array(n);
  for (let i = 0; i < n; i++) rNode[i] = (tree.weightedNNodeSamples[i]! * tree.impurity[i]!) / total;
  const rBranch = new Float64Array(n);
  const nLeaves = new Int32Array(n);
  const leaf = new Uint8Array(n);
  const candidate = new Uint8Array(n);
  const inSubtree = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    if (left[i]! === TREE_LEAF) {
      leaf[i] = 1;
      for (let node = i; node !== -1; node = parent[node]!) {
        rBranch[node]! += rNode[i]!;
        nLeaves[node]!++;
      }
    } else candidate[i] = 1;
  }
  save(0, rBranch[0]!);
  const stack: number[] = [];
  while (candidate[0]) {
    let alpha = Infinity;
    let pruned = -1;
    for (let i = 0; i < n; i++) {
      if (!candidate[i]) continue;
      const a = (rNode[i]! - rBranch[i]!) / (nLeaves[i]! - 1);
      if (a < alpha) {
        alpha = a;
        pruned = i;
      }
    }
    if (stop(alpha)) break;
    stack.push(pruned);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!inSubtree[node]) continue;
      inSubtree[node] = 0;
      candidate[node] = 0;
      if (left[node]! !== TREE_LEAF) stack.push(left[node]!, right[node]!);
    }
    leaf[pruned] = 1;
    inSubtree[pruned] = 1;
    const removed = nLeaves[pruned]! - 1;
    nLeaves[pruned] = 0;
    const diff = rNode[pruned]! - rBranch[pruned]!;
    rBranch[pruned] = rNode[pruned]!;
    for (let node = parent[pruned]!; node !== -1; node = parent[node]!) {
      nLeaves[node]! -= removed;
      rBranch[node]! += diff;
    }
    save(alpha, rBranch[0]!);
  }
  return { inSubtree, leaf };
}

/** The effective alphas and total leaf impurities of the pruning sequence (scikit-learn's cost_complexity_pruning_path). */
export function pruningPath(tree: TreeArrays): PruningPath {
  const alphas: number[] = [];
  const impurities: number[] = [];
  prune(
    tree,
    () => false,
    (a, r) => {
      alphas.push(a);
      impurities.push(r);
    },
  );
  return { ccpAlphas: Float64Array.from(alphas), impurities: Float64Array.from(impurities) };
}

/** The subtree that minimal cost-complexity pruning with `ccpAlpha` keeps, renumbered in preorder. */
export function pruneTree(tree: TreeArrays, ccpAlpha: number): TreeArrays {
  const { inSubtree, leaf } = prune(
    tree,
    (a) => ccpAlpha < a,
    () => {},
  );
  const K = tree.nValues;
  const out = {
    left: [] as number[],
    right: [] as number[],
    feature: [] as number[],
    threshold: [] as number[],
    impurity: [] as number[],
    n: [] as number[],
    w: [] as number[],
    value: [] as number[],
  };
  // preorder walk of the kept nodes: (old node, new parent, is left)
  const stack: number[] = [0, -1, 0];
  while (stack.length > 0) {
    const isLeft = stack.pop()!;
    const parentNew = stack.pop()!;
    const old = stack.pop()!;
    if (!inSubtree[old]) continue;
    const id = out.left.length;
    if (parentNew >= 0) {
      if (isLeft) out.left[parentNew] = id;
      else out.right[parentNew] = id;
    }
    const isLeaf = leaf[old] === 1;
    out.left.push(TREE_LEAF);
    out.right.push(TREE_LEAF);
    out.feature.push(isLeaf ? TREE_UNDEFINED : tree.feature[old]!);
    out.threshold.push(isLeaf ? TREE_UNDEFINED : tree.threshold[old]!);
    out.impurity.push(tree.impurity[old]!);
    out.n.push(tree.nNodeSamples[old]!);
    out.w.push(tree.weightedNNodeSamples[old]!);
    for (let k = 0; k < K; k++) out.value.push(tree.value[old * K + k]!);
    if (!isLeaf) stack.push(tree.childrenRight[old]!, id, 0, tree.childrenLeft[old]!, id, 1);
  }
  return {
    nodeCount: out.left.length,
    nValues: K,
    childrenLeft: Int32Array.from(out.left),
    childrenRight: Int32Array.from(out.right),
    feature: Int32Array.from(out.feature),
    threshold: Float64Array.from(out.threshold),
    impurity: Float64Array.from(out.impurity),
    nNodeSamples: Int32Array.from(out.n),
    weightedNNodeSamples: Float64Array.from(out.w),
    value: Float64Array.from(out.value),
  };
}
