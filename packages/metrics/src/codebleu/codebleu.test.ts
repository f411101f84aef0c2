// The CodeBLEU API: loading (package files in Node, injected grammar bytes or URLs), typed errors
// on misuse, several references per hypothesis, weights, and the TypeScript extension.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCodeBleu, loadCodeBleu, CODEBLEU_LANGUAGE_INFO, CODEBLEU_LANGUAGES, type CodeBleu } from './index.ts';

const require = createRequire(import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/codebleu-reference.json', import.meta.url), 'utf8')) as Record<string, { pairs: { reference: string; hypothesis: string }[] }>;
const javaPair = fixture.java!.pairs[3]!;

let scorer: CodeBleu;
beforeAll(async () => {
  scorer = await loadCodeBleu();
});
afterAll(() => scorer.dispose());

describe('loading', () => {
  test('loadCodeBleu loads every language, the reference three first', () => {
    expect(scorer.languages).toEqual(['python', 'javascript', 'java', 'typescript']);
    expect(CODEBLEU_LANGUAGES).toEqual(scorer.languages);
    expect(CODEBLEU_LANGUAGES.filter((lang) => CODEBLEU_LANGUAGE_INFO[lang].matchesReference)).toEqual(['python', 'javascript', 'java']);
    expect(CODEBLEU_LANGUAGE_INFO.typescript.note).toMatch(/extension/);
  });

  test('grammar locations are injectable: bytes and file URLs give the same scores as the package files', async () => {
    const javaWasm = require.resolve('tree-sitter-java/tree-sitter-java.wasm');
    const fromBytes = await createCodeBleu({ languages: ['java'], grammars: { java: new Uint8Array(readFileSync(javaWasm)) } });
    const fromUrl = await createCodeBleu({ languages: ['java'], grammars: { java: pathToFileURL(javaWasm) } });
    const expected = scorer.codebleu([javaPair.reference], [javaPair.hypothesis], { lang: 'java' });
    expect(fromBytes.codebleu([javaPair.reference], [javaPair.hypothesis], { lang: 'java' })).toEqual(expected);
    expect(fromUrl.codebleu([javaPair.reference], [javaPair.hypothesis], { lang: 'java' })).toEqual(expected);
    expect(fromBytes.languages).toEqual(['java']);
    fromBytes.dispose();
    fromUrl.dispose();
  });

  test('a grammar that does not load is an ArgumentError naming the language', async () => {
    await expect(createCodeBleu({ languages: ['java'], grammars: { java: new Uint8Array([0, 97, 115, 109]) } })).rejects.toThrow(/java grammar from 4 bytes/);
  });

  test('unknown languages are named with the supported ones', async () => {
    await expect(createCodeBleu({ languages: ['cobol' as 'java'] })).rejects.toThrow(ArgumentError);
    await expect(createCodeBleu({ languages: ['cobol' as 'java'] })).rejects.toThrow(/"cobol".*python, javascript, java, typescript/);
    await expect(createCodeBleu({ languages: [] })).rejects.toThrow(ArgumentError);
  });
});

describe('scoring', () => {
  test('identical code scores 1 in every component', () => {
    const code = fixture.python!.pairs[0]!.reference;
    expect(scorer.codebleu([code], [code], { lang: 'python' })).toEqual({ codebleu: 1, ngramMatch: 1, weightedNgramMatch: 1, syntaxMatch: 1, dataflowMatch: 1 });
  });

  test('a reference given as a string equals a one-element reference list', () => {
    const asString = scorer.codebleu([javaPair.reference], [javaPair.hypothesis], { lang: 'java' });
    const asList = scorer.codebleu([[javaPair.reference]], [javaPair.hypothesis], { lang: 'java' });
    expect(asList).toEqual(asString);
  });

  test('several references: an exact copy among them gives full n-gram matches', () => {
    const other = fixture.java!.pairs[10]!.reference;
    const scores = scorer.codebleu([[other, javaPair.hypothesis]], [javaPair.hypothesis], { lang: 'java' });
    expect(scores.ngramMatch).toBe(1);
    // syntax and data flow sum over both references, so the unrelated one lowers them
    expect(scores.syntaxMatch).toBeLessThan(1);
  });

  test('weights combine the components; a data-flow score of 0 counts as 1', () => {
    const scores = scorer.codebleu([javaPair.reference], [javaPair.hypothesis], { lang: 'java', weights: [0.1, 0.2, 0.3, 0.4] });
    const flow = scores.dataflowMatch === 0 ? 1 : scores.dataflowMatch;
    expect(scores.codebleu).toBeCloseTo(0.1 * scores.ngramMatch + 0.2 * scores.weightedNgramMatch + 0.3 * scores.syntaxMatch + 0.4 * flow, 15);
    const noFlow = scorer.codebleu(['return 1;'], ['return 2;'], { lang: 'java' });
    expect(noFlow.dataflowMatch).toBe(0);
    expect(noFlow.codebleu).toBeCloseTo(0.25 * (noFlow.ngramMatch + noFlow.weightedNgramMatch + noFlow.syntaxMatch + 1), 15);
  });

  test('comments do not change the syntax and data-flow matches', () => {
    const code = 'public int f(int a) { int b = a + 1; return b; }';
    const commented = 'public int f(int a) { /* add */ int b = a + 1; // one\n return b; }';
    const scores = scorer.codebleu([code], [commented], { lang: 'java' });
    expect(scores.syntaxMatch).toBe(1);
    expect(scores.dataflowMatch).toBe(1);
    expect(scores.ngramMatch).toBeLessThan(1);
  });
});

describe('deep nesting', () => {
  test('5,000 nested brackets score without overflowing the stack; the data flow is empty there, as the reference hits its recursion limit', () => {
    const deep = `x = ${'['.repeat(5000)}${']'.repeat(5000)};`;
    const scores = scorer.codebleu([deep], [deep], { lang: 'javascript' });
    expect(scores.syntaxMatch).toBe(1);
    expect(scores.dataflowMatch).toBe(0);
    const shallow = `let y = 1; let x = ${'['.repeat(100)}y${']'.repeat(100)};`;
    expect(scorer.codebleu([shallow], [shallow], { lang: 'javascript' }).dataflowMatch).toBe(1);
  });
});

describe('TypeScript (our extension: the JavaScript walker and keywords on the TypeScript grammar)', () => {
  const reference = 'function total(items: number[]): number {\n  let sum = 0;\n  for (let i = 0; i < items.length; i++) {\n    sum += items[i];\n  }\n  return sum;\n}';
  test('identical TypeScript scores 1', () => {
    expect(scorer.codebleu([reference], [reference], { lang: 'typescript' }).codebleu).toBe(1);
  });

  test('renaming keeps the data flow; type annotations parse as syntax', () => {
    const renamed = reference.replaceAll('sum', 'acc').replaceAll('items', 'values');
    const scores = scorer.codebleu([reference], [renamed], { lang: 'typescript' });
    expect(scores.dataflowMatch).toBe(1);
    expect(scores.syntaxMatch).toBe(1);
    expect(scores.ngramMatch).toBeLessThan(1);
    const untyped = reference.replace('(items: number[]): number', '(items)');
    expect(scorer.codebleu([reference], [untyped], { lang: 'typescript' }).syntaxMatch).toBeLessThan(1);
  });

  test('on plain JavaScript the TypeScript scores follow the JavaScript ones for n-grams', () => {
    const pair = fixture.javascript!.pairs[5]!;
    const js = scorer.codebleu([pair.reference], [pair.hypothesis], { lang: 'javascript' });
    const ts = scorer.codebleu([pair.reference], [pair.hypothesis], { lang: 'typescript' });
    expect(ts.ngramMatch).toBe(js.ngramMatch);
    expect(ts.weightedNgramMatch).toBe(js.weightedNgramMatch);
  });
});

describe('misuse gives typed errors naming the argument', () => {
  test('reference and hypothesis counts differ', () => {
    expect(() => scorer.codebleu(['a', 'b'], ['a'], { lang: 'java' })).toThrow(ShapeError);
    expect(() => scorer.codebleu([], [], { lang: 'java' })).toThrow(ShapeError);
  });

  test('non-string code', () => {
    expect(() => scorer.codebleu(['a'], [1 as unknown as string], { lang: 'java' })).toThrow(/hypotheses\[0\]/);
    expect(() => scorer.codebleu([[1 as unknown as string]], ['a'], { lang: 'java' })).toThrow(/references\[0\]\[0\]/);
    expect(() => scorer.codebleu([[]], ['a'], { lang: 'java' })).toThrow(ArgumentError);
    expect(() => scorer.codebleu('a' as unknown as string[], ['a'], { lang: 'java' })).toThrow(ArgumentError);
  });

  test('unknown or unloaded language, bad weights', async () => {
    expect(() => scorer.codebleu(['a'], ['a'], { lang: 'rust' as 'java' })).toThrow(/"rust".*python, javascript, java, typescript/);
    expect(() => scorer.codebleu(['a'], ['a'], undefined as unknown as { lang: 'java' })).toThrow(ArgumentError);
    expect(() => scorer.codebleu(['a'], ['a'], { lang: 'java', weights: [1, 2, 3] as unknown as [number, number, number, number] })).toThrow(ShapeError);
    expect(() => scorer.codebleu(['a'], ['a'], { lang: 'java', weights: [1, 2, 3, Number.NaN] })).toThrow(ArgumentError);
    const javaOnly = await createCodeBleu({ languages: ['java'] });
    expect(() => javaOnly.codebleu(['a'], ['a'], { lang: 'python' })).toThrow(/not loaded/);
    javaOnly.dispose();
    expect(() => javaOnly.codebleu(['a'], ['a'], { lang: 'java' })).toThrow(/disposed/);
  });
});
