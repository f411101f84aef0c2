// The syntax match of CodeBLEU, as the reference computes it (syntax_match.py): every subtree of the
// reference's parse tree (the root and each node with children) counts as matched when a subtree of
// the hypothesis has the same S-expression (`str(node)` in py-tree-sitter, tree-sitter's
// ts_node_string: named and MISSING nodes with field labels, anonymous tokens left out). The score
// is matched reference subtrees over all reference subtrees, summed over the corpus.
//
// Instead of building the strings, equal S-expressions get equal integer ids (hash-consing): a
// node's id is determined by its head and the (field, id) list of the children the string shows.
import type { SyntaxNode } from './syntax-tree.ts';

/** Interns S-expression shapes to ids; share one between the trees that are compared. */
export class SubtreeInterner {
  private readonly ids = new Map<string, number>();

  /** The id of the S-expression of `node` (as ts_node_string(node) would print it). */
  idOf(node: SyntaxNode, memo: Map<SyntaxNode, number>): number {
    const known = memo.get(node);
    if (known !== undefined) return known;
    let key = head(node);
    for (const child of node.children) key += this.childKey(child, null, memo);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    memo.set(node, id);
    return id;
  }

  /** What a child contributes to its parent's string: ` field: (child)`, or nothing for an anonymous token (whose children, if any, print in its place). */
  private childKey(child: SyntaxNode, inheritedField: string | null, memo: Map<SyntaxNode, number>): string {
    const field = child.field ?? inheritedField;
    if (child.named || child.missing) return `\u0001${field ?? ''}\u0002${this.idOf(child, memo)}`;
    let key = '';
    for (const grandchild of child.children) key += this.childKey(grandchild, field, memo);
    return key;
  }
}

function head(node: SyntaxNode): string {
  if (node.unexpected !== null) return node.unexpected;
  if (node.missing) return node.named ? `MISSING ${node.type}` : `MISSING "${node.type}"`;
  return node.named ? node.type : `"${node.type}"`;
}

/** The reference's subtrees of a tree: the root and every node that has children. */
export function subtreeIds(root: SyntaxNode, interner: SubtreeInterner): number[] {
  const memo = new Map<SyntaxNode, number>();
  // Ids bottom-up without recursion (idOf then finds every child in `memo`), so deep trees do not
  // overflow the stack.
  const pending: SyntaxNode[] = [root];
  const order: SyntaxNode[] = [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    order.push(node);
    for (const child of node.children) pending.push(child);
  }
  for (let i = order.length - 1; i >= 0; i--) interner.idOf(order[i]!, memo);
  const ids: number[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    ids.push(interner.idOf(node, memo));
    for (const child of node.children) if (child.children.length > 0) stack.push(child);
  }
  return ids;
}

/** Counts of one reference/hypothesis comparison: reference subtrees found in the hypothesis, and all reference subtrees. */
export function syntaxMatchCounts(reference: SyntaxNode, hypothesis: SyntaxNode, interner: SubtreeInterner): { matched: number; total: number } {
  const hypothesisIds = new Set(subtreeIds(hypothesis, interner));
  const referenceIds = subtreeIds(reference, interner);
  let matched = 0;
  for (const id of referenceIds) if (hypothesisIds.has(id)) matched++;
  return { matched, total: referenceIds.length };
}
