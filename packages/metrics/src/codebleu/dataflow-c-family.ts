// The data-flow walkers for Java and JavaScript: ports of the behaviour of the reference's DFG_java
// and DFG_javascript (CodeXGLUE CodeBLEU, parser/DFG.py), quirks included. The two differ only in
// the node types they recognise and in two details, so one walker takes them as a configuration:
// - JavaScript treats `assignment_pattern` and `augmented_assignment_expression` as assignments
//   (plain `x = y` is not one: the reference lists no `assignment_expression` for JavaScript);
// - after an if statement JavaScript also keeps the definitions from before it;
// - Java has the enhanced for; the second pass of a for loop starts after the declaration child
//   (`local_variable_declaration` in Java, `variable_declaration`, i.e. `var`, in JavaScript).
import {
  type DataflowEdge, type DataflowResult, type DataflowStates, type DataflowWalker, type TokenTable,
  DataflowAbort, fieldChild, isToken, mergeLoopEdges, mergeStates, sortByIndex, tokenEdges,
} from './dataflow-graph.ts';
import type { SyntaxNode } from './syntax-tree.ts';

interface CFamilyConfig {
  readonly assignment: ReadonlySet<string>;
  readonly declarator: ReadonlySet<string>;
  readonly increment: ReadonlySet<string>;
  readonly branch: ReadonlySet<string>;
  readonly forLoop: ReadonlySet<string>;
  readonly enhancedFor: ReadonlySet<string>;
  readonly whileLoop: ReadonlySet<string>;
  readonly forDeclaration: string;
  readonly keepStatesAfterIf: boolean;
}

const JAVA: CFamilyConfig = {
  assignment: new Set(['assignment_expression']),
  declarator: new Set(['variable_declarator']),
  increment: new Set(['update_expression']),
  branch: new Set(['if_statement', 'else']),
  forLoop: new Set(['for_statement']),
  enhancedFor: new Set(['enhanced_for_statement']),
  whileLoop: new Set(['while_statement']),
  forDeclaration: 'local_variable_declaration',
  keepStatesAfterIf: false,
};

const JAVASCRIPT: CFamilyConfig = {
  assignment: new Set(['assignment_pattern', 'augmented_assignment_expression']),
  declarator: new Set(['variable_declarator']),
  increment: new Set(['update_expression']),
  branch: new Set(['if_statement', 'else']),
  forLoop: new Set(['for_statement']),
  enhancedFor: new Set(),
  whileLoop: new Set(['while_statement']),
  forDeclaration: 'variable_declaration',
  keepStatesAfterIf: true,
};

function present(node: SyntaxNode | null): SyntaxNode {
  if (node === null) throw new DataflowAbort();
  return node;
}

/** Edges name <- value for every variable token of `name` and of `value`; each name becomes defined here. */
function crossEdges(names: SyntaxNode | null, values: SyntaxNode | null, relation: 'comesFrom' | 'computedFrom', tokens: TokenTable, states: DataflowStates, edges: DataflowEdge[]): DataflowStates {
  const targets = tokens.variables(names);
  const sources = tokens.variables(values);
  for (const target of targets) {
    for (const source of sources) edges.push({ name: target.code, index: target.index, relation, parents: [source.code], parentIndices: [source.index] });
    states.set(target.code, [target.index]);
  }
  return states;
}

/** Walks `child` from `states`, appends its edges to `edges` and returns the states after it. */
function visitInto(walk: DataflowWalker, child: SyntaxNode | null, tokens: TokenTable, states: DataflowStates, edges: DataflowEdge[]): DataflowStates {
  const inner = walk(present(child), tokens, states);
  for (const edge of inner.edges) edges.push(edge);
  return inner.states;
}

function walkerFor(config: CFamilyConfig): DataflowWalker {
  const walk = (node: SyntaxNode, tokens: TokenTable, states: DataflowStates): DataflowResult => {
    if (isToken(node)) return tokenEdges(node, tokens, states);
    const edges: DataflowEdge[] = [];
    const visit = (child: SyntaxNode | null, current: DataflowStates): DataflowStates => visitInto(walk, child, tokens, current, edges);
    const type = node.type;
    if (config.declarator.has(type)) {
      const name = fieldChild(node, 'name');
      const value = fieldChild(node, 'value');
      if (value === null) {
        for (const { index, code } of tokens.variables(name)) {
          edges.push({ name: code, index, relation: 'comesFrom', parents: [], parentIndices: [] });
          states.set(code, [index]);
        }
        return { edges: sortByIndex(edges), states };
      }
      tokens.variables(name);
      const current = visit(value, states);
      return { edges: sortByIndex(edges), states: crossEdges(name, value, 'comesFrom', tokens, current, edges) };
    }
    if (config.assignment.has(type)) {
      const left = fieldChild(node, 'left');
      const right = fieldChild(node, 'right');
      const current = visit(right, states);
      return { edges: sortByIndex(edges), states: crossEdges(left, right, 'computedFrom', tokens, current, edges) };
    }
    if (config.increment.has(type)) {
      return { edges: sortByIndex(edges), states: crossEdges(node, node, 'computedFrom', tokens, states, edges) };
    }
    if (config.branch.has(type)) {
      // `states` stays as it was before the if: each alternative starts from a copy of it.
      let current: DataflowStates = new Map(states);
      const others: DataflowStates[] = [];
      let inAlternative = false;
      let sawElse = type.includes('else');
      for (const child of node.children) {
        if (child.type.includes('else')) sawElse = true;
        if (!config.branch.has(child.type) && !inAlternative) {
          current = visit(child, current);
        } else {
          inAlternative = true;
          others.push(visit(child, new Map(states)));
        }
      }
      others.push(current);
      if (!sawElse) others.push(states);
      if (config.keepStatesAfterIf) others.push(states);
      return { edges: sortByIndex(edges), states: mergeStates(others) };
    }
    if (config.forLoop.has(type)) {
      let current = states;
      for (const child of node.children) current = visit(child, current);
      let afterDeclaration = false;
      for (const child of node.children) {
        if (afterDeclaration) current = visit(child, current);
        else if (child.type === config.forDeclaration) afterDeclaration = true;
      }
      return { edges: mergeLoopEdges(edges, tokens.orderNames), states: current };
    }
    if (config.enhancedFor.has(type)) {
      const name = fieldChild(node, 'name');
      const value = fieldChild(node, 'value');
      const body = fieldChild(node, 'body');
      let current = states;
      for (let pass = 0; pass < 2; pass++) {
        current = visit(value, current);
        current = crossEdges(name, value, 'computedFrom', tokens, current, edges);
        current = visit(body, current);
      }
      return { edges: mergeLoopEdges(edges, tokens.orderNames), states: current };
    }
    if (config.whileLoop.has(type)) {
      let current = states;
      for (let pass = 0; pass < 2; pass++) for (const child of node.children) current = visit(child, current);
      return { edges: mergeLoopEdges(edges, tokens.orderNames), states: current };
    }
    let current = states;
    for (const child of node.children) current = visitInto(walk, child, tokens, current, edges);
    return { edges: sortByIndex(edges), states: current };
  };
  return walk;
}

/** DFG_java of the reference. */
export const javaDataflow: DataflowWalker = walkerFor(JAVA);
/** DFG_javascript of the reference; also our TypeScript extension's walker. */
export const javascriptDataflow: DataflowWalker = walkerFor(JAVASCRIPT);
