// Token texts as the reference cuts them: py-tree-sitter gives UTF-8 byte columns, and the
// reference slices Python str lines (code points) with them, so after a non-ASCII character on a
// line the texts shift. Expected values worked out by hand from that rule (and checked with CPython slicing).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Language, Parser } from 'web-tree-sitter';
import { TokenTable, isToken } from './dataflow-graph.ts';
import { loadParsers } from './grammar-loader.ts';
import { parseSyntaxTree, type SyntaxNode } from './syntax-tree.ts';

let python: { parser: Parser; language: Language };
beforeAll(async () => {
  python = (await loadParsers(['python'], {})).get('python')!;
});
afterAll(() => python.parser.delete());

function tokenTexts(code: string): string[] {
  const tree = parseSyntaxTree(python.parser, python.language, code);
  const table = new TokenTable(tree.root, tree.text);
  const out: string[] = [];
  const visit = (node: SyntaxNode): void => {
    if (isToken(node)) out.push(table.lookup(node).code);
    else node.children.forEach(visit);
  };
  visit(tree.root);
  return out;
}

test('ASCII code: token texts are the source texts', () => {
  expect(tokenTexts('s = "e"; x = y')).toEqual(['s', '=', '"e"', ';', 'x', '=', 'y']);
});

test('after a non-ASCII character, texts are cut with byte columns from code points, as the reference does', () => {
  // bytes: s=0 '='=2 string=4..8 (é is 2 bytes) ';'=8 x=10 '='=12 y=14; the line has 14 code points.
  expect(tokenTexts('s = "é"; x = y')).toEqual(['s', '=', '"é";', ' ', ' ', ' ', '']);
});

test('a token over several lines is its line pieces joined without newlines', () => {
  expect(tokenTexts('x = """a\nb"""')).toEqual(['x', '=', '"""ab"""']);
});
