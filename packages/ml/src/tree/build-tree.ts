// Growing a CART tree (Breiman et al. 1984) node for node as scikit-learn's tree builders do:
// depth-first in preorder (DepthFirstTreeBuilder) or, with maxLeafNodes, best-first by impurity
// improvement (BestFirstTreeBuilder). A node is a leaf at maxDepth, below minSamplesSplit or
// 2 * minSamplesLeaf samples, when its impurity is <= DBL_EPSILON, when no feature splits it, or
// when its weighted improvement falls short of minImpurityDecrease. The split search is
// NodeSplitter's; the same seed thus gives scikit-learn's tree, ties between features included.
import type { BinnedFeatures } from './binned-features.ts';
import { type FrontierRecord, heapPop, heapPush } from './frontier-heap.ts';
import { EPSILON, type GrowOptions, NodeSplitter, type TreeTargets } from './node-splitter.ts';
import { TREE_LEAF, TREE_UNDEFINED, type TreeArrays } from './tree-arrays.ts';

export type { ClassificationCriterion, GrowOptions, RegressionCriterion, TreeTargets } from './node-splitter.ts';

/**
 * Grows one tree on the samples listed in `samples` (each with its weight in `weights`, indexed by
 * sample; every listed weight must be > 0). `samples` is used as scratch and left permuted.
 */
export function growTree(binned: BinnedFeatures, targets: TreeTargets, weights: Float64Array, samples: Int32Array, options: GrowOptions): TreeArrays {
  return new Grower(new NodeSplitter(binned, targets, weights, samples, options)).grow();
}

class Grower {
  private rootWeight = 0;
  // the tree under construction
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly impurity: number[] = [];
  private readonly nSamples: number[] = [];
  private readonly wSamples: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly s: NodeSplitter) {}

  grow(): TreeArrays {
    if (Number.isFinite(this.s.o.maxLeafNodes)) this.growBestFirst();
    else this.growDepthFirst();
    const count = this.left.length;
    return {
      nodeCount: count,
      nValues: this.s.classification ? this.s.K : this.s.T,
      childrenLeft: Int32Array.from(this.left),
      childrenRight: Int32Array.from(this.right),
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      impurity: Float64Array.from(this.impurity),
      nNodeSamples: Int32Array.from(this.nSamples),
      weightedNNodeSamples: Float64Array.from(this.wSamples),
      value: Float64Array.from(this.value),
    };
  }

  /** scikit-learn's DepthFirstTreeBuilder: preorder, constant features handed down to the children. */
  private growDepthFirst(): void {
    const stack: number[] = [0, this.s.idx.length, 0, -1, 0, 0];
    while (stack.length > 0) {
      const nConstant = stack.pop()!;
      const isLeft = stack.pop()!;
      const parent = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const r = this.addNode(start, end, depth, parent, isLeft === 1, nConstant, false);
      if (r.isLeaf) continue;
      stack.push(r.mid, end, depth + 1, r.node, 0, r.nConstantChildren);
      stack.push(start, r.mid, depth + 1, r.node, 1, r.nConstantChildren);
    }
  }

  /**
   * scikit-learn's BestFirstTreeBuilder (maxLeafNodes): nodes are split in order of their impurity
   * improvement from a binary max-heap run as libstdc++'s push_heap / pop_heap (so ties pop in the
   * same order), children numbered as they are created, no constant features handed down; once
   * maxLeafNodes - 1 splits are made the frontier's nodes become leaves.
   */
  private growBestFirst(): void {
    let splits = this.s.o.maxLeafNodes - 1;
    const heap: FrontierRecord[] = [];
    heapPush(heap, this.addNode(0, this.s.idx.length, 0, -1, true, 0, true));
    while (heap.length > 0) {
      const record = heapPop(heap);
      if (record.isLeaf || splits <= 0) {
        this.left[record.node] = TREE_LEAF;
        this.right[record.node] = TREE_LEAF;
        this.feature[record.node] = TREE_UNDEFINED;
        this.threshold[record.node] = TREE_UNDEFINED;
        continue;
      }
      splits--;
      const left = this.addNode(record.start, record.mid, record.depth + 1, record.node, true, 0, true);
      const right = this.addNode(record.mid, record.end, record.depth + 1, record.node, false, 0, true);
      heapPush(heap, left);
      heapPush(heap, right);
    }
  }

  /**
   * Appends the node of samples idx[start..end) (its statistics, value and, unless it is a leaf,
   * its split, with the samples partitioned at `mid`); `withImprovement` computes the split's
   * weighted impurity decrease (best-first order) even without minImpurityDecrease.
   */
  private addNode(start: number, end: number, depth: number, parent: number, isLeft: boolean, nConstant: number, withImprovement: boolean): FrontierRecord {
    const o = this.s.o;
    const n = end - start;
    const imp = this.s.computeNode(start, end);
    const node = this.left.length;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = node;
      else this.right[parent] = node;
    } else this.rootWeight = this.s.nodeWeight;
    this.left.push(TREE_LEAF);
    this.right.push(TREE_LEAF);
    this.feature.push(TREE_UNDEFINED);
    this.threshold.push(TREE_UNDEFINED);
    this.impurity.push(imp);
    this.nSamples.push(n);
    this.wSamples.push(this.s.nodeWeight);
    if (this.s.classification) for (let k = 0; k < this.s.K; k++) this.value.push(this.s.nodeW[k]! / this.s.nodeWeight);
    else if (this.s.T === 1) this.value.push(this.s.nodeSum / this.s.nodeWeight);
    else for (let k = 0; k < this.s.T; k++) this.value.push(this.s.nodeSums[k]! / this.s.nodeWeight);
    const leaf: FrontierRecord = { node, start, end, mid: end, depth, isLeaf: true, improvement: 0, nConstantChildren: 0 };
    if (depth >= o.maxDepth || n < o.minSamplesSplit || n < 2 * o.minSamplesLeaf || imp <= EPSILON) return leaf;
    const nConstantChildren = this.s.findSplit(start, end, nConstant);
    if (this.s.bestFeature < 0) return leaf;
    const mid = this.s.partition(start, end);
    let improvement = 0;
    if (o.minImpurityDecrease > 0 || withImprovement) {
      const wNode = this.s.nodeWeight;
      const impLeft = this.s.computeNode(start, mid);
      const wLeft = this.s.nodeWeight;
      const impRight = this.s.computeNode(mid, end);
      const wRight = this.s.nodeWeight;
      improvement = (wNode / this.rootWeight) * (imp - (wRight / wNode) * impRight - (wLeft / wNode) * impLeft);
      if (improvement + EPSILON < o.minImpurityDecrease) return leaf;
    }
    this.feature[node] = this.s.bestFeature;
    this.threshold[node] = this.s.bestThreshold;
    return { node, start, end, mid, depth, isLeaf: false, improvement, nConstantChildren };
  }
}
