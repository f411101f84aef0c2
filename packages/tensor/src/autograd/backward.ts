// Reverse-mode sweep over the recorded graph with an explicit stack (no recursion).
import { onesLike } from '../creation.ts';
import { ShapeError } from '../errors.ts';
import { clone } from '../ops/copy.ts';
import { add } from '../ops/elementwise.ts';
import { scope } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkFlag, optionsOf } from '../validate.ts';
import { Node, releaseNodes } from './node.ts';
import { assertFinite, noGrad } from './record.ts';
import { runtimeUnchecked } from '../runtime.ts';

/** Nodes reachable from `root`, parents before children (iterative post-order DFS). */
function topologicalOrder(root: Node<Tensor>): Node<Tensor>[] {
  const order: Node<Tensor>[] = [];
  const visited = new Set<Node<Tensor>>([root]);
  const stack: [Node<Tensor>, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, next] = top;
    if (next < node.parents.length) {
      top[1] = next + 1;
      const p = node.parents[next];
      if (p instanceof Node && !p.released && !visited.has(p)) {
        visited.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

function checkGrad(node: Node<Tensor>, index: number, g: Tensor, like: { shape: readonly number[]; dtype: string }): void {
  if (g.dtype !== like.dtype || g.shape.length !== like.shape.length || g.shape.some((d, i) => d !== like.shape[i])) {
    throw new ShapeError(`backward of ${node.name}: gradient ${index} has shape [${g.shape}] ${g.dtype}, expected [${like.shape}] ${like.dtype}`);
  }
}

/**
 * Accumulates d(root)/d(leaf) into every leaf's `.grad` that `root` depends on. `seed` is
 * d(loss)/d(root) (default: 1 for a scalar root). The graph is released afterwards unless
 * `retainGraph`.
 */
export function backward(root: Tensor, seed?: Tensor, options?: { retainGraph?: boolean }): void {
  checkTensor(root, 'backward');
  const retainGraph = checkFlag(optionsOf(options, 'backward').retainGraph, false, 'backward: retainGraph');
  if (!root.requiresGrad) throw new ShapeError('backward: the tensor does not require grad (no input had requiresGrad, or it was created under noGrad)');
  if (seed === undefined && root.size !== 1) {
    throw new ShapeError(`backward: the tensor has shape [${root.shape}]; pass the gradient of the loss with respect to it, or reduce it to a scalar first`);
  }
  if (seed !== undefined) {
    checkTensor(seed, 'backward: gradient');
    checkGrad(new Node<Tensor>('backward seed', [], [], () => []), 0, seed, root);
  }
  const rootNode = root.node;
  if (rootNode !== null && rootNode.released) {
    throw new ShapeError('backward: the graph was already freed by an earlier backward(); pass { retainGraph: true } to the first call to backward twice');
  }
  noGrad(() =>
    scope(() => {
      const start = seed ?? onesLike(root);
      if (rootNode === null) {
        accumulateLeaf(root, start === seed ? clone(start) : start);
        return;
      }
      const order = topologicalOrder(rootNode);
      const grads = new Map<Node<Tensor>, Tensor>([[rootNode, start]]);
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i]!;
        const g = grads.get(node);
        if (g === undefined) continue;
        grads.delete(node);
        const inputGrads = node.backward(g, node.saved, node.parents.map((p) => p !== null));
        const used = new Set<Tensor>();
        for (let j = 0; j < node.parents.length; j++) {
          const parent = node.parents[j];
          let gj = inputGrads[j];
          if (parent === null || parent === undefined || gj === null || gj === undefined) continue;
          if (runtimeUnchecked().debug) assertFinite(gj, `backward of ${node.name} (gradient ${j})`);
          if (used.has(gj)) gj = clone(gj);
          used.add(gj);
          if (parent instanceof Node) {
            const previous = grads.get(parent);
            if (previous === undefined) grads.set(parent, gj);
            else {
              grads.set(parent, add(previous, gj));
              previous.dispose();
              if (gj !== g) gj.dispose();
            }
          } else {
            checkGrad(node, j, gj, parent);
            accumulateLeaf(parent, gj === seed ? clone(gj) : gj);
          }
        }
        if (!used.has(g) && g !== seed) g.dispose();
      }
      if (!retainGraph) releaseNodes(order);
    }),
  );
}

function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.isDisposed) return;
  const previous = leaf.grad;
  if (previous === null) leaf.grad = g.storage.refs > 1 ? clone(g) : g;
  else leaf.grad = add(previous, g);
}
