// The syntax match of CodeBLEU, as the reference computes it (syntax_match.py): every subtree of the
// reference's parse tree (the root and each node with children) counts as matched when a subtree of
// the hypothesis has the same S-expression (`str(node)` in py-tree-sitter, tree-sitter's
// ts_node_string: named and MISSING nodes with field labels, anonymous tokens left out). The score
// is matched reference subtrees over all reference subtrees, summed over the corpus.
//
// Instead of building the strings, equal S-expressions get equal integer ids (hash-consing): a
// node's id is determined by its head and the (field, id) list of the children the string shows.
import { ArgumentError } from '@neurite/tensor';
import type { SyntaxNode } from './syntax-tree.ts';

/** A trie over (field, child id) codes: the path from a head's root is a node's S-expression. */
interface ShapeTrie {
  id: number;
  next: Map<number, ShapeTrie> | undefined;
}

/** Child ids stay below 2^26 so that field code * 2^26 + child id is an exact integer. */
const ID_LIMIT = 2 ** 26;

/** Interns S-expression shapes to ids; share one between the trees that are compared. */
export class SubtreeInterner {
  private readonly heads = new Map<string, ShapeTrie>();
  private readonly fieldCodes = new Map<string, number>();
  private count = 0;

  /** The id of the S-expression of `node` (as ts_node_string(node) would print it). */
  idOf(node: SyntaxNode, memo: Map<SyntaxNode, number>): number {
    const known = memo.get(node);
    if (known !== undefined) return known;
    const key = head(node);
    let trie = this.heads.get(key);
    if (trie === undefined) {
      trie = { id: -1, next: undefined };
      this.heads.set(key, trie);
    }
    trie = this.followChildren(node.children, null, trie, memo);
    if (trie.id < 0) {
      if (this.count >= ID_LIMIT) throw new ArgumentError(`codebleu: more than ${ID_LIMIT} distinct subtrees in one corpus; score it in parts`);
      trie.id = this.count++;
    }
    memo.set(node, trie.id);
    return trie.id;
  }

  /** Steps through what children contribute to their parent's string: ` field: (child)` for a printed child; an anonymous token prints nothing, its children (if any) print in its place. */
  private followChildren(children: readonly SyntaxNode[], inheritedField: string | null, trie: ShapeTrie, memo: Map<SyntaxNode, number>): ShapeTrie {
    let current = trie;
    for (const child of children) {
      const field = child.field ?? inheritedField;
      if (child.named || child.missing) {
        const code = this.fieldCode(field) * ID_LIMIT + this.idOf(child, memo);
        let next = current.next?.get(code);
        if (next === undefined) {
          next = { id: -1, next: undefined };
          (current.next ??= new Map()).set(code, next);
        }
        current = next;
      } else if (child.children.length > 0) {
        current = this.followChildren(child.children, field, current, memo);
      }
    }
    return current;
  }

  private fieldCode(field: string | null): number {
    if (field === null) return 0;
    let code = this.fieldCodes.get(field);
    if (code === undefined) {
      code = this.fieldCodes.size + 1;
      this.fieldCodes.set(field, code);
    }
    return code;
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
