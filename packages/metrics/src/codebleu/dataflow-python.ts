// The data-flow walker for Python: a port of the behaviour of the reference's DFG_python
// (CodeXGLUE CodeBLEU, parser/DFG.py), including its quirks, on tree-sitter-python's node types.
import {
  type DataflowEdge, type DataflowResult, type DataflowStates, type TokenTable,
  DataflowAbort, fieldChild, isToken, mergeLoopEdges, mergeStates, sortByIndex, tokenEdges,
} from './dataflow-graph.ts';
import type { SyntaxNode } from './syntax-tree.ts';

const ASSIGNMENT = new Set(['assignment', 'augmented_assignment', 'for_in_clause']);
const DO_FIRST = new Set(['for_in_clause']);

function required(node: SyntaxNode | null): SyntaxNode {
  if (node === null) throw new DataflowAbort();
  return node;
}

/** The children of a field node without commas, or the node itself when that leaves nothing / the sides differ in length. */
function pairSides(node: SyntaxNode): [SyntaxNode[], SyntaxNode[]] {
  const left = required(fieldChild(node, 'left'));
  const right = required(fieldChild(node, 'right'));
  let leftNodes = left.children.filter((child) => child.type !== ',');
  let rightNodes = right.children.filter((child) => child.type !== ',');
  if (rightNodes.length !== leftNodes.length) {
    leftNodes = [left];
    rightNodes = [right];
  }
  if (leftNodes.length === 0) leftNodes = [left];
  if (rightNodes.length === 0) rightNodes = [right];
  return [leftNodes, rightNodes];
}

function computedFrom(leftNodes: readonly SyntaxNode[], rightNodes: readonly SyntaxNode[], tokens: TokenTable, states: DataflowStates, edges: DataflowEdge[]): DataflowStates {
  const pairs = Math.min(leftNodes.length, rightNodes.length);
  for (let i = 0; i < pairs; i++) {
    const targets = tokens.variables(leftNodes[i]!);
    const sources = tokens.variables(rightNodes[i]!);
    for (const target of targets) {
      edges.push({ name: target.code, index: target.index, relation: 'computedFrom', parents: sources.map((s) => s.code), parentIndices: sources.map((s) => s.index) });
      states.set(target.code, [target.index]);
    }
  }
  return states;
}

function append(edges: DataflowEdge[], more: readonly DataflowEdge[]): void {
  for (const edge of more) edges.push(edge);
}

export function pythonDataflow(node: SyntaxNode, tokens: TokenTable, states: DataflowStates): DataflowResult {
  if (isToken(node)) return tokenEdges(node, tokens, states);
  const edges: DataflowEdge[] = [];
  if (node.type === 'default_parameter') {
    const name = fieldChild(node, 'name');
    const value = fieldChild(node, 'value');
    if (value === null) {
      for (const { index, code } of tokens.variables(name)) {
        edges.push({ name: code, index, relation: 'comesFrom', parents: [], parentIndices: [] });
        states.set(code, [index]);
      }
      return { edges: sortByIndex(edges), states };
    }
    const names = tokens.variables(name);
    const values = tokens.variables(value);
    const inner = pythonDataflow(value, tokens, states);
    append(edges, inner.edges);
    const next = inner.states;
    for (const target of names) {
      for (const source of values) edges.push({ name: target.code, index: target.index, relation: 'comesFrom', parents: [source.code], parentIndices: [source.index] });
      next.set(target.code, [target.index]);
    }
    return { edges: sortByIndex(edges), states: next };
  }
  if (ASSIGNMENT.has(node.type)) {
    let leftNodes: SyntaxNode[];
    let rightNodes: SyntaxNode[];
    if (node.type === 'for_in_clause') {
      rightNodes = [node.children[node.children.length - 1]!];
      leftNodes = [required(fieldChild(node, 'left'))];
    } else {
      if (fieldChild(node, 'right') === null) return { edges: [], states };
      [leftNodes, rightNodes] = pairSides(node);
    }
    let current = states;
    for (const right of rightNodes) {
      const inner = pythonDataflow(right, tokens, current);
      append(edges, inner.edges);
      current = inner.states;
    }
    current = computedFrom(leftNodes, rightNodes, tokens, current, edges);
    return { edges: sortByIndex(edges), states: current };
  }
  if (node.type === 'if_statement') {
    // `states` stays as it was before the if: each alternative starts from a copy of it.
    let current: DataflowStates = new Map(states);
    const others: DataflowStates[] = [];
    let sawElse = false;
    for (const child of node.children) {
      if (child.type.includes('else')) sawElse = true;
      if (child.type !== 'elif_clause' && child.type !== 'else_clause') {
        const inner = pythonDataflow(child, tokens, current);
        append(edges, inner.edges);
        current = inner.states;
      } else {
        const inner = pythonDataflow(child, tokens, new Map(states));
        append(edges, inner.edges);
        others.push(inner.states);
      }
    }
    others.push(current);
    if (!sawElse) others.push(states);
    return { edges: sortByIndex(edges), states: mergeStates(others) };
  }
  if (node.type === 'for_statement') {
    let current = states;
    const last = node.children[node.children.length - 1];
    for (let pass = 0; pass < 2; pass++) {
      const [leftNodes, rightNodes] = pairSides(node);
      for (const right of rightNodes) {
        const inner = pythonDataflow(right, tokens, current);
        append(edges, inner.edges);
        current = inner.states;
      }
      current = computedFrom(leftNodes, rightNodes, tokens, current, edges);
      if (last !== undefined && last.type === 'block') {
        const inner = pythonDataflow(last, tokens, current);
        append(edges, inner.edges);
        current = inner.states;
      }
    }
    return { edges: mergeLoopEdges(edges, tokens.orderNames), states: current };
  }
  if (node.type === 'while_statement') {
    let current = states;
    for (let pass = 0; pass < 2; pass++) {
      for (const child of node.children) {
        const inner = pythonDataflow(child, tokens, current);
        append(edges, inner.edges);
        current = inner.states;
      }
    }
    return { edges: mergeLoopEdges(edges, tokens.orderNames), states: current };
  }
  let current = states;
  for (const child of node.children) {
    if (!DO_FIRST.has(child.type)) continue;
    const inner = pythonDataflow(child, tokens, current);
    append(edges, inner.edges);
    current = inner.states;
  }
  for (const child of node.children) {
    if (DO_FIRST.has(child.type)) continue;
    const inner = pythonDataflow(child, tokens, current);
    append(edges, inner.edges);
    current = inner.states;
  }
  return { edges: sortByIndex(edges), states: current };
}
