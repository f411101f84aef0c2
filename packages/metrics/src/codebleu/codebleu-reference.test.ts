// Every pair and corpus of fixtures/codebleu-reference.json (scores of the reference
// implementation, k4black/codebleu 0.7.1 on py-tree-sitter 0.25.2 with the grammar versions we
// load; see fixtures/codebleu-README.md), to 1e-9: the four components and the total.
//
// Two effects make a few reference values unreachable for any reimplementation, and the tests
// check that they, and nothing else, explain each difference:
// 1. Data flow, CPython's string-hash order. The reference merges parent lists with
//    `list(set(names))`, whose order follows Python's per-process randomised string hashes; where
//    reference and hypothesis name variables differently, the normalised flows then match or not
//    depending on that order. We use first-occurrence order. Where our value differs, the test
//    shows that CPython's set order under some hash seed gives exactly the reference's value.
// 2. Syntax, error recovery. In two JavaScript pairs (a hypothesis with duplicated lines;
//    minified jQuery with broken regex literals) the parser recovers from syntax errors into other
//    ERROR subtrees than the reference's: web-tree-sitter hands tree-sitter UTF-16, py-tree-sitter
//    UTF-8, and error recovery weighs skipped text by bytes (scripts/syntax-match-by-encoding.c
//    shows tree-sitter's C library reproducing the reference's scores as UTF-8 only). Those
//    pairs' syntax scores are listed, not asserted.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Language, Parser } from 'web-tree-sitter';
import { SubtreeInterner, syntaxMatchCounts } from './syntax-match.ts';
import type { NameOrder } from './dataflow-graph.ts';
import { dataflowEdges, dataflowMatchCounts, normalizeDataflow } from './dataflow-match.ts';
import { loadParsers } from './grammar-loader.ts';
import { createCodeBleu, type CodeBleu, type CodeBleuScores } from './index.ts';
import { LANGUAGES } from './languages.ts';
import { pythonStrip } from './python-text.ts';
import { removeCommentsAndDocstrings } from './remove-comments.ts';
import { parseSyntaxTree, type SyntaxTree } from './syntax-tree.ts';

type ReferenceLanguage = 'python' | 'javascript' | 'java';
interface ReferenceScores {
  readonly codebleu: number;
  readonly ngram_match_score: number;
  readonly weighted_ngram_match_score: number;
  readonly syntax_match_score: number;
  readonly dataflow_match_score: number;
}
interface Fixture {
  readonly pairs: readonly { reference: string; hypothesis: string; scores: ReferenceScores }[];
  readonly corpora: readonly { pairs: readonly number[]; scores: ReferenceScores }[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/codebleu-reference.json', import.meta.url), 'utf8')) as Record<ReferenceLanguage, Fixture>;
const TOLERANCE = 1e-9;
/** Pairs whose syntax score differs through error recovery (see the header). */
const ERROR_RECOVERY_PAIRS: Readonly<Record<ReferenceLanguage, readonly number[]>> = { python: [], javascript: [52, 58], java: [] };
/** Hash seeds tried to reproduce the reference's data-flow order. */
const SEEDS = 64;
/** Code longer than this (characters) is only checked for order dependence (see below). */
const LARGE_INPUT = 20_000;
/** The minified jQuery pairs parse 88 kB with error recovery several times: allow a loaded machine time. */
const SLOW_TEST_MS = 180_000;
const orderDependent: string[] = [];
const orderDependentLarge: string[] = [];

// ---- CPython 3.11's set iteration order (setobject.c: a power-of-two table, 9 linear probes then
// perturbed probing, resized to 4x the used count at 60% fill) over a seeded stand-in for Python's
// randomised string hash.
const MASK_64 = (1n << 64n) - 1n;
function seededHash(text: string, seed: number): bigint {
  let h = (0xcbf29ce484222325n ^ BigInt(seed * 0x9e3779b1)) & MASK_64;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & MASK_64;
  h = ((h ^ (h >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  h = ((h ^ (h >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return h ^ (h >> 31n);
}
function place(table: (string | undefined)[], name: string, hash: bigint, checkEqual: boolean): boolean {
  const mask = table.length - 1;
  let perturb = hash;
  let i = Number(hash & BigInt(mask));
  for (;;) {
    const probes = i + 9 <= mask ? 9 : 0;
    for (let j = 0; j <= probes; j++) {
      const slot = table[i + j];
      if (slot === undefined) {
        table[i + j] = name;
        return true;
      }
      if (checkEqual && slot === name) return false;
    }
    perturb >>= 5n;
    i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(mask));
  }
}
function cpythonSetOrder(seed: number): NameOrder {
  const hashes = new Map<string, bigint>();
  const hashOf = (name: string): bigint => {
    let hash = hashes.get(name);
    if (hash === undefined) hashes.set(name, (hash = seededHash(name, seed)));
    return hash;
  };
  return (names) => {
    let table = new Array<string | undefined>(8);
    let used = 0;
    for (const name of names) {
      if (!place(table, name, hashOf(name), true)) continue;
      used++;
      if (used * 5 >= (table.length - 1) * 3) {
        const minimum = used > 50000 ? used * 2 : used * 4;
        let size = 8;
        while (size <= minimum) size <<= 1;
        const old = table;
        table = new Array<string | undefined>(size);
        for (const key of old) if (key !== undefined) place(table, key, hashOf(key), false);
      }
    }
    return table.filter((name): name is string => name !== undefined);
  };
}

// ---- Helpers.
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= TOLERANCE;
}
function expectClose(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs reference ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}
function total(scores: Pick<CodeBleuScores, 'ngramMatch' | 'weightedNgramMatch' | 'syntaxMatch'>, dataflow: number): number {
  return 0.25 * scores.ngramMatch + 0.25 * scores.weightedNgramMatch + 0.25 * scores.syntaxMatch + 0.25 * (dataflow === 0 ? 1 : dataflow);
}

let scorer: CodeBleu;
let parsers: Map<string, { parser: Parser; language: Language }>;
beforeAll(async () => {
  scorer = await createCodeBleu({ languages: ['python', 'javascript', 'java'] });
  parsers = await loadParsers(['python', 'javascript', 'java'], {});
});
afterAll(() => {
  console.log(`data flow reproduced under a CPython hash seed: ${orderDependent.join(', ') || 'none'}; order-dependent, too large to search: ${orderDependentLarge.join(', ') || 'none'}`);
  scorer.dispose();
  for (const { parser } of parsers.values()) parser.delete();
});

function parsed(lang: ReferenceLanguage, code: string): SyntaxTree {
  const { parser, language } = parsers.get(lang)!;
  return parseSyntaxTree(parser, language, removeCommentsAndDocstrings(pythonStrip(code), LANGUAGES[lang].comments));
}

/** Data-flow counts of one pair under a name order. */
function flowCounts(lang: ReferenceLanguage, reference: SyntaxTree, hypothesis: SyntaxTree, order?: NameOrder): { matched: number; total: number } {
  const walker = LANGUAGES[lang].walker;
  return dataflowMatchCounts(normalizeDataflow(dataflowEdges(reference, walker, order)), normalizeDataflow(dataflowEdges(hypothesis, walker, order)));
}

for (const lang of ['python', 'javascript', 'java'] as const) {
  describe(`CodeBLEU reference scores: ${lang}`, () => {
    const { pairs, corpora } = fixture[lang];
    test.each(pairs.map((pair, index) => [index, pair] as const))(`${lang} pair %i`, (index, pair) => {
      const label = `${lang} pair ${index}`;
      const expected = pair.scores;
      const actual = scorer.codebleu([pair.reference], [pair.hypothesis], { lang });
      expectClose(actual.ngramMatch, expected.ngram_match_score, `${label} ngramMatch`);
      expectClose(actual.weightedNgramMatch, expected.weighted_ngram_match_score, `${label} weightedNgramMatch`);
      const recovers = ERROR_RECOVERY_PAIRS[lang].includes(index);
      if (!recovers) expectClose(actual.syntaxMatch, expected.syntax_match_score, `${label} syntaxMatch`);
      else expect(close(actual.syntaxMatch, expected.syntax_match_score), `${label}: error recovery now agrees; drop it from ERROR_RECOVERY_PAIRS`).toBe(false);
      let dataflow = actual.dataflowMatch;
      if (!close(dataflow, expected.dataflow_match_score)) {
        // Our first-occurrence order gives another value: some CPython hash seed must give the reference's.
        const reference = parsed(lang, pair.reference);
        const hypothesis = parsed(lang, pair.hypothesis);
        const values = new Set<number>([actual.dataflowMatch]);
        // Minified files have thousands of order-dependent merges: no seed search can hit the
        // reference's run; for them the test only shows that the score depends on the order.
        const large = reference.text.length > LARGE_INPUT;
        for (let seed = 0; seed < (large ? 1 : SEEDS) && !close(dataflow, expected.dataflow_match_score); seed++) {
          const counts = flowCounts(lang, reference, hypothesis, cpythonSetOrder(seed));
          values.add(counts.matched / counts.total);
          if (close(counts.matched / counts.total, expected.dataflow_match_score)) dataflow = counts.matched / counts.total;
        }
        expect(values.size, `${label}: the data-flow score does not depend on the set order, yet differs`).toBeGreaterThan(1);
        if (large) {
          orderDependentLarge.push(`${lang} ${index}`);
          return;
        }
        orderDependent.push(`${lang} ${index}`);
      }
      expectClose(dataflow, expected.dataflow_match_score, `${label} dataflowMatch (under CPython's set order for some hash seed)`);
      if (!recovers) expectClose(total(actual, dataflow), expected.codebleu, `${label} codebleu`);
    }, SLOW_TEST_MS);
    test.each(corpora.map((corpus, index) => [index, corpus] as const))(`${lang} corpus %i`, (index, corpus) => {
      const label = `${lang} corpus ${index}`;
      const expected = corpus.scores;
      const references = corpus.pairs.map((i) => pairs[i]!.reference);
      const hypotheses = corpus.pairs.map((i) => pairs[i]!.hypothesis);
      const actual = scorer.codebleu(references, hypotheses, { lang });
      expectClose(actual.ngramMatch, expected.ngram_match_score, `${label} ngramMatch`);
      expectClose(actual.weightedNgramMatch, expected.weighted_ngram_match_score, `${label} weightedNgramMatch`);
      const recovers = corpus.pairs.some((i) => ERROR_RECOVERY_PAIRS[lang].includes(i));
      if (!recovers) expectClose(actual.syntaxMatch, expected.syntax_match_score, `${label} syntaxMatch`);
      // Data flow: the corpus value is the pooled count of its pairs; with each pair's matched
      // count taken from the reference's pair scores (the same hash order within its run), the
      // pooled value must be the reference's corpus value.
      let matched = 0;
      let flows = 0;
      for (const i of corpus.pairs) {
        const pairTotal = flowCounts(lang, parsed(lang, pairs[i]!.reference), parsed(lang, pairs[i]!.hypothesis)).total;
        matched += Math.round(pairs[i]!.scores.dataflow_match_score * pairTotal);
        flows += pairTotal;
      }
      const pooled = flows === 0 ? 0 : matched / flows;
      expectClose(pooled, expected.dataflow_match_score, `${label} dataflowMatch pooled from the reference's pair counts`);
      if (close(actual.dataflowMatch, expected.dataflow_match_score) && !recovers) expectClose(actual.codebleu, expected.codebleu, `${label} codebleu`);
      if (!recovers) expectClose(total(actual, pooled), expected.codebleu, `${label} codebleu with the reference's data-flow order`);
    }, SLOW_TEST_MS);
  });
}

test('the syntax match of the fast S-expression ids equals the one of tree-sitter strings', async () => {
  // Our subtree ids stand for ts_node_string; compare with web-tree-sitter's toString on every pair.
  for (const lang of ['python', 'java'] as const) {
    const { parser } = parsers.get(lang)!;
    for (const pair of fixture[lang].pairs) {
      const codes = [pair.reference, pair.hypothesis].map((code) => removeCommentsAndDocstrings(pythonStrip(code), LANGUAGES[lang].comments));
      const strings = codes.map((code) => {
        const tree = parser.parse(code)!;
        const out: string[] = [];
        const stack = [tree.rootNode];
        while (stack.length > 0) {
          const node = stack.pop()!;
          out.push(node.toString());
          for (const child of node.children) if (child !== null && child.childCount > 0) stack.push(child);
        }
        tree.delete();
        return out;
      });
      const hypothesisStrings = new Set(strings[1]);
      const slow = strings[0]!.filter((s) => hypothesisStrings.has(s)).length;
      const fast = syntaxMatchCounts(parsed(lang, pair.reference).root, parsed(lang, pair.hypothesis).root, new SubtreeInterner());
      expect(fast).toEqual({ matched: slow, total: strings[0]!.length });
    }
  }
});
