// The examples of the reference implementation's own test suite (k4black/codebleu 0.7.1,
// tests/test_codebleu.py), with its tolerances (pytest.approx, relative): several references per
// hypothesis, the data-flow-0-counts-as-1 rule, and a deeply nested loop that must finish.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCodeBleu, type CodeBleu } from './index.ts';

let scorer: CodeBleu;
beforeAll(async () => {
  scorer = await loadCodeBleu();
});
afterAll(() => scorer.dispose());

function expectApprox(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

test.each([
  ['some rannnndom words in length more than 3', 'def test ( ) :\n pass', 0.25],
  ['def bar ( y , x ) :\n    a = x * x\n    return a', 'def foo ( x ) :\n    return x', 0.4],
  ['def foo ( x ) :\n    return x * x', 'def bar ( x ) :\n    return x', 0.6],
  ['def bar ( x ) :\n    return x', 'def foo ( x ) :\n    return x', 0.8],
  ['def foo ( x ) :\n    return x', 'def foo ( x ) :\n    return x', 1.0],
] as const)('python: %j against %j is about %f', (prediction, reference, expected) => {
  expectApprox(scorer.codebleu([reference], [prediction], { lang: 'python' }).codebleu, expected, 0.1);
});

test.each([
  ['python', 'def foo ( x ) :\n    return x', 'def bar ( y ) :\n    return y'],
  ['java', 'public function foo ( x ) { return x }', 'public function bar ( y ) {\n   return y\n}'],
  ['javascript', 'function foo ( x ) { return x }', 'function bar ( y ) {\n   return y\n}'],
] as const)('%s: a renamed function scores about 0.6', (lang, prediction, reference) => {
  expectApprox(scorer.codebleu([reference], [prediction], { lang }).codebleu, 0.6, 0.1);
});

test('exact matches score 1 in every language', () => {
  for (const lang of ['python', 'javascript', 'java', 'typescript'] as const) {
    expect(scorer.codebleu(['some matching string a couple of times'], ['some matching string a couple of times'], { lang }).codebleu).toBe(1);
  }
});

test.each([
  [['def foo ( x ) : pass'], 1.0],
  [[['def foo ( x ) : pass']], 1.0],
  [[['def bar ( x ) : pass', 'def foo ( x ) : pass']], 0.95],
  [[['def foo ( x ) : pass', 'def bar ( x ) : pass']], 0.95],
] as const)('several references: %j scores about %f', (references, expected) => {
  expectApprox(scorer.codebleu(references as unknown as string[], ['def foo ( x ) : pass'], { lang: 'python' }).codebleu, expected, 0.01);
});

test('twelve nested loops finish (each loop walks its body twice, as in the reference)', () => {
  const loops = Array.from({ length: 12 }, (_, depth) => `${'    '.repeat(depth + 1)}for ${String.fromCharCode(105 + depth)} in range(n):`).join('\n');
  const generated = `def foo(n):\n${loops}\n${'    '.repeat(13)}pass`;
  const scores = scorer.codebleu(['def foo(n):\n    pass'], [generated], { lang: 'python' });
  expect(scores.codebleu).toBeGreaterThan(0);
  expect(scores.codebleu).toBeLessThan(1);
});
