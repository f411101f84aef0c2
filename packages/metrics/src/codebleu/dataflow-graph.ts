// Shared pieces of the data-flow walkers, which port the reference's DFG_python, DFG_java and
// DFG_javascript (parser/DFG.py of CodeXGLUE's CodeBLEU). An edge says that the variable `name` at
// token `index` comesFrom / is computedFrom the `parents` (names) at `parentIndices`. States map a
// variable name to the token indices of its latest definitions.
//
// The reference copies the states dict on entry to every call. Its callers only keep using their
// old dict in if statements (each branch starts from the states before the if), so the walkers
// here update the states in place and copy only there: the same results without a copy per node.
import { TOKEN_TYPES, type SyntaxNode } from './syntax-tree.ts';

export interface DataflowEdge {
  readonly name: string;
  readonly index: number;
  readonly relation: 'comesFrom' | 'computedFrom';
  readonly parents: readonly string[];
  readonly parentIndices: readonly number[];
}

export type DataflowStates = Map<string, readonly number[]>;

export interface DataflowResult {
  readonly edges: DataflowEdge[];
  readonly states: DataflowStates;
}

/** A walker: (node, tokens, states) -> edges and the states after the node. */
export type DataflowWalker = (node: SyntaxNode, tokens: TokenTable, states: DataflowStates) => DataflowResult;

/** The reference's token test: a node without children, or a string literal, that is not a comment. */
export function isToken(node: SyntaxNode): boolean {
  return (node.children.length === 0 || TOKEN_TYPES.has(node.type)) && node.type !== 'comment';
}

/**
 * The tokens of a tree as the reference indexes them (tree_to_token_index, index_to_code_token):
 * tokens in document order, keyed by span; a later token with the same span replaces an earlier
 * one, as in the reference's dict. Token text is cut from the lines as Python does it: the
 * reference slices str lines with tree-sitter's UTF-8 byte columns, and a token spanning lines is
 * the concatenation of its line pieces without the newlines.
 */
export class TokenTable {
  private readonly byKey = new Map<number, { index: number; code: string }>();
  private readonly width: number;

  /**
   * @param orderNames the order `list(set(names))` gives (see `distinctNames`); the walkers' loop
   *   merges use it.
   */
  constructor(root: SyntaxNode, text: string, readonly orderNames: NameOrder = distinctNames) {
    this.width = text.length + 1;
    const slicer = new PythonSlicer(text);
    let index = 0;
    const visit = (node: SyntaxNode): void => {
      if (isToken(node)) {
        this.byKey.set(this.key(node), { index: index++, code: slicer.slice(node.startIndex, node.endIndex) });
        return;
      }
      for (const child of node.children) visit(child);
    };
    visit(root);
  }

  private key(node: SyntaxNode): number {
    return node.startIndex * this.width + node.endIndex;
  }

  /** (index, code) of a token node; throws like the reference's KeyError when the span is unknown. */
  lookup(node: SyntaxNode): { index: number; code: string } {
    const entry = this.byKey.get(this.key(node));
    if (!entry) throw new DataflowAbort();
    return entry;
  }

  /** tree_to_variable_index: the tokens under `node` whose text differs from their type. */
  variables(node: SyntaxNode | null): { index: number; code: string }[] {
    if (node === null) throw new DataflowAbort();
    const found: { index: number; code: string }[] = [];
    const visit = (current: SyntaxNode): void => {
      if (isToken(current)) {
        const entry = this.lookup(current);
        if (current.type !== entry.code) found.push(entry);
        return;
      }
      for (const child of current.children) visit(child);
    };
    visit(node);
    return found;
  }
}

/** Where the reference's walker raises (a missing field, an unknown token): its DFG becomes empty. */
export class DataflowAbort extends Error {
  override readonly name: string = 'DataflowAbort';
}

/** Slices text the way the reference does: Python str lines indexed with UTF-8 byte columns. */
class PythonSlicer {
  private readonly ascii: boolean;
  private readonly lineStarts: number[] = [0];
  private readonly lines: string[];

  constructor(private readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(text);
    this.lines = text.split('\n');
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  slice(start: number, end: number): string {
    if (this.ascii) {
      const piece = this.text.slice(start, end);
      return piece.includes('\n') ? piece.split('\n').join('') : piece;
    }
    const [startRow, startColumn] = this.position(start);
    const [endRow, endColumn] = this.position(end);
    if (startRow === endRow) return this.cut(startRow, startColumn, endColumn);
    let out = this.cut(startRow, startColumn, Infinity);
    for (let row = startRow + 1; row < endRow; row++) out += this.lines[row]!;
    return out + this.cut(endRow, 0, endColumn);
  }

  /** Row and UTF-8 byte column of a UTF-16 offset. */
  private position(offset: number): [number, number] {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    const prefix = this.text.slice(this.lineStarts[low]!, offset);
    return [low, utf8Length(prefix)];
  }

  /** Python's line[from:to] where from/to are byte columns used as code-point indices. */
  private cut(row: number, from: number, to: number): string {
    const codePoints = Array.from(this.lines[row] ?? '');
    return codePoints.slice(from, to === Infinity ? undefined : to).join('');
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** py-tree-sitter's child_by_field_name: the first child that fills the field. */
export function fieldChild(node: SyntaxNode, field: string): SyntaxNode | null {
  for (const child of node.children) if (child.field === field) return child;
  return null;
}

/** Python's stable `sorted(DFG, key=lambda x: x[1])`. */
export function sortByIndex(edges: DataflowEdge[]): DataflowEdge[] {
  return edges.sort((a, b) => a.index - b.index);
}

/** The distinct names of a list, in some order: the reference's `list(set(names))`. */
export type NameOrder = (names: readonly string[]) => readonly string[];

/**
 * Our `list(set(names))`: distinct names in first-occurrence order. The reference's order is
 * CPython's set iteration order, which follows string hashes that Python randomises per process
 * (PYTHONHASHSEED), so where a merged parent list holds several names the reference's data-flow
 * score can change from one run to the next when reference and hypothesis name variables
 * differently. First-occurrence order is deterministic, and a renamed variable keeps its place.
 */
export function distinctNames(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** The loop merge of the reference's for/while branches: edges with equal (name, index, relation) merge their parents. */
export function mergeLoopEdges(edges: readonly DataflowEdge[], orderNames: NameOrder): DataflowEdge[] {
  const merged = new Map<string, DataflowEdge[]>();
  for (const edge of edges) {
    const key = `${edge.index}\u0000${edge.relation}\u0000${edge.name}`;
    const group = merged.get(key);
    if (group === undefined) merged.set(key, [edge]);
    else group.push(edge);
  }
  const out: DataflowEdge[] = [];
  for (const group of merged.values()) {
    const first = group[0]!;
    if (group.length === 1) {
      out.push(first);
      continue;
    }
    let parents: readonly string[];
    if (orderNames === distinctNames) {
      // First-occurrence order of the concatenation equals merging one edge at a time.
      parents = distinctNames(group.flatMap((edge) => edge.parents));
    } else {
      parents = first.parents;
      for (let i = 1; i < group.length; i++) parents = orderNames([...parents, ...group[i]!.parents]);
    }
    const parentIndices = [...new Set(group.flatMap((edge) => edge.parentIndices))].sort((a, b) => a - b);
    out.push({ name: first.name, index: first.index, relation: first.relation, parents, parentIndices });
  }
  return sortByIndex(out);
}

/** Merges branch states: the union of the definitions of each name, sorted and distinct. */
export function mergeStates(all: readonly DataflowStates[]): DataflowStates {
  const merged: DataflowStates = new Map();
  for (const states of all) {
    for (const [name, indices] of states) {
      const previous = merged.get(name);
      merged.set(name, previous ? [...previous, ...indices] : indices);
    }
  }
  for (const [name, indices] of merged) merged.set(name, [...new Set(indices)].sort((a, b) => a - b));
  return merged;
}

/** The token case shared by all walkers. */
export function tokenEdges(node: SyntaxNode, tokens: TokenTable, states: DataflowStates): DataflowResult {
  const { index, code } = tokens.lookup(node);
  if (node.type === code) return { edges: [], states };
  const known = states.get(code);
  if (known !== undefined) return { edges: [{ name: code, index, relation: 'comesFrom', parents: [code], parentIndices: known }], states };
  if (node.type === 'identifier') states.set(code, [index]);
  return { edges: [{ name: code, index, relation: 'comesFrom', parents: [], parentIndices: [] }], states };
}
