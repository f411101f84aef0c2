// The data-flow match of CodeBLEU, as the reference computes it (dataflow_match.py): the walker's
// edges, sorted by token, keep only the tokens that take part in some flow (an edge with parents,
// or a parent of one); edges of the same token merge; variable names are then renamed var_0,
// var_1, ... in order of first appearance (parents before the variable), and the reference's
// normalised flows are matched against the hypothesis' as a multiset.
import {
  type DataflowEdge, type DataflowWalker, type NameOrder, TokenTable, distinctNames, sortByIndex,
} from './dataflow-graph.ts';
import type { SyntaxTree } from './syntax-tree.ts';

/**
 * Deepest tree the reference's recursive walker handles: Python's default recursion limit is 1000
 * frames, a few of which the callers hold; deeper trees raise RecursionError, which the reference
 * catches, leaving an empty graph. The exact cut depends on the caller's stack; we fix it here.
 */
export const PYTHON_RECURSION_DEPTH = 990;

/** The reference's get_data_flow on an already parsed tree. */
export function dataflowEdges(tree: SyntaxTree, walker: DataflowWalker, orderNames: NameOrder = distinctNames): DataflowEdge[] {
  let edges: DataflowEdge[];
  try {
    if (tree.depth > PYTHON_RECURSION_DEPTH) throw new RangeError('deeper than Python recursion allows');
    const tokens = new TokenTable(tree.root, tree.text, orderNames);
    edges = sortByIndex(walker(tree.root, tokens, new Map()).edges.slice());
  } catch {
    // The reference catches every exception of the walker (a missing field, an unknown token,
    // Python's recursion limit on deep trees: see DataflowAbort) and uses an empty graph.
    edges = [];
  }
  const used = new Set<number>();
  for (const edge of edges) {
    if (edge.parentIndices.length !== 0) used.add(edge.index);
    for (const index of edge.parentIndices) used.add(index);
  }
  // Edges of one token merge: the last edge's name and relation, the union of the parents.
  const merged = new Map<number, DataflowEdge[]>();
  for (const edge of edges) {
    if (!used.has(edge.index)) continue;
    const group = merged.get(edge.index);
    if (group === undefined) merged.set(edge.index, [edge]);
    else group.push(edge);
  }
  const out: DataflowEdge[] = [];
  for (const group of merged.values()) out.push(group.length === 1 ? group[0]! : mergeGroup(group, orderNames));
  return out;
}

function mergeGroup(group: readonly DataflowEdge[], orderNames: NameOrder): DataflowEdge {
  const last = group[group.length - 1]!;
  let parents: readonly string[];
  if (orderNames === distinctNames) {
    // First-occurrence order of the concatenation equals merging one edge at a time.
    parents = distinctNames(group.flatMap((edge) => edge.parents));
  } else {
    parents = group[0]!.parents;
    for (let i = 1; i < group.length; i++) parents = orderNames([...parents, ...group[i]!.parents]);
  }
  return { name: last.name, index: last.index, relation: last.relation, parents, parentIndices: [...new Set(group.flatMap((edge) => edge.parentIndices))] };
}

/** normalize_dataflow: one string per flow, `relation parents -> var` with names renamed by first appearance. */
export function normalizeDataflow(edges: readonly DataflowEdge[]): string[] {
  const renamed = new Map<string, number>();
  const rename = (name: string): number => {
    let id = renamed.get(name);
    if (id === undefined) {
      id = renamed.size;
      renamed.set(name, id);
    }
    return id;
  };
  const flows: string[] = [];
  for (const edge of edges) {
    const parents = edge.parents.map(rename);
    const variable = rename(edge.name);
    flows.push(`${variable} ${edge.relation} ${parents.join(',')}`);
  }
  return flows;
}

/** Counts of one comparison: reference flows found in the hypothesis (each used once), and all reference flows. */
export function dataflowMatchCounts(referenceFlows: readonly string[], hypothesisFlows: readonly string[]): { matched: number; total: number } {
  const available = new Map<string, number>();
  for (const flow of hypothesisFlows) available.set(flow, (available.get(flow) ?? 0) + 1);
  let matched = 0;
  for (const flow of referenceFlows) {
    const count = available.get(flow) ?? 0;
    if (count > 0) {
      matched++;
      available.set(flow, count - 1);
    }
  }
  return { matched, total: referenceFlows.length };
}
