// A node of the autograd graph: one recorded op with a single output. It holds what its backward
// needs (`saved`, storage-sharing copies that survive the user disposing the originals) and its
// parents: the input's node, the input tensor itself when it is a leaf that requires grad, or null.
//
// Lifetime: `refs` counts the live output tensor plus the child nodes that point here. When it
// reaches 0 (the output was disposed and no later op uses it) the node releases its saved tensors
// and drops its parents, iteratively (no recursion: graphs can be 100k ops deep). backward()
// releases every node it walked: the graph is freed after one backward pass.
//
// A node is generic over the tensor type T (the Tensor class), so this file imports nothing:
// tensor.ts holds a Node<Tensor> and the Tensor class must not depend back on its users.
import type { Disposable } from '../runtime.ts';

/**
 * Gradients of the inputs, given the output's gradient `g` (null: no gradient flows there).
 * `needed[i]` is false when input i needs no gradient: skip computing it.
 */
export type NodeBackward<T> = (g: T, saved: readonly T[], needed: readonly boolean[]) => readonly (T | null | undefined)[];

export class Node<T extends Disposable> {
  readonly name: string;
  readonly parents: (Node<T> | T | null)[];
  saved: T[];
  readonly backward: NodeBackward<T>;
  refs = 1;
  released = false;

  constructor(name: string, parents: (Node<T> | T | null)[], saved: T[], backward: NodeBackward<T>) {
    this.name = name;
    this.parents = parents;
    this.saved = saved;
    this.backward = backward;
  }
}

/** Drops one reference; releases the node (and, transitively, parents left unreferenced) at zero. */
export function unrefNode<T extends Disposable>(node: Node<T>): void {
  if (node.released) return;
  node.refs--;
  if (node.refs > 0) return;
  const stack: Node<T>[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.released) continue;
    n.released = true;
    for (const s of n.saved) s.dispose();
    n.saved = [];
    for (const p of n.parents) {
      if (p instanceof Node && !p.released && --p.refs <= 0) stack.push(p);
    }
  }
}

/** Releases every node in `nodes` now (after backward), whatever their counts. */
export function releaseNodes<T extends Disposable>(nodes: readonly Node<T>[]): void {
  for (const n of nodes) {
    if (n.released) continue;
    n.released = true;
    for (const s of n.saved) s.dispose();
    n.saved = [];
  }
}
