// CodeBLEU (Ren et al. 2020, "CodeBLEU: a Method for Automatic Evaluation of Code Synthesis"):
// alpha * n-gram match + beta * weighted n-gram match + gamma * syntax match + theta * data-flow
// match, equal to the reference implementation k4black/codebleu 0.7.1 (a refactor of CodeXGLUE's
// evaluator) for Python, JavaScript and Java; TypeScript is our extension (see languages.ts).
//
// Steps, as in the reference: every code string is stripped; n-gram matches use whitespace
// tokens; syntax and data-flow matches parse the code after comment and docstring removal. A
// data-flow score of 0 (for instance when no reference has a data flow) counts as 1 in the
// weighted sum, while `dataflowMatch` still reports 0.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import type { Language, Parser } from 'web-tree-sitter';
import { dataflowEdges, dataflowMatchCounts, normalizeDataflow } from './dataflow-match.ts';
import { loadParsers, type GrammarLocations } from './grammar-loader.ts';
import { CODEBLEU_LANGUAGES, LANGUAGES, isCodeBleuLanguage, type CodeBleuLanguage, type LanguageSpec } from './languages.ts';
import { NgramIndex, type CountedPair } from './ngram-counts.ts';
import { corpusNgramMatch } from './ngram-match.ts';
import { pythonSplit, pythonStrip } from './python-text.ts';
import { removeCommentsAndDocstrings } from './remove-comments.ts';
import { SubtreeInterner, syntaxMatchCounts } from './syntax-match.ts';
import { parseSyntaxTree, type SyntaxTree } from './syntax-tree.ts';
import { corpusWeightedNgramMatch } from './weighted-ngram-match.ts';

/** Weights of n-gram, weighted n-gram, syntax and data-flow match (alpha, beta, gamma, theta). */
export type CodeBleuWeights = readonly [number, number, number, number];

export const DEFAULT_CODEBLEU_WEIGHTS: CodeBleuWeights = [0.25, 0.25, 0.25, 0.25];

export interface CodeBleuOptions {
  /**
   * 'python', 'javascript' or 'java' (scores equal to the reference implementation's), or
   * 'typescript' (our extension, which has no reference; see CODEBLEU_LANGUAGE_INFO).
   */
  readonly lang: CodeBleuLanguage;
  /** alpha, beta, gamma, theta (default 0.25 each). */
  readonly weights?: CodeBleuWeights;
}

/** Corpus-level scores (the reference's keys: codebleu, ngram_match_score, weighted_ngram_match_score, syntax_match_score, dataflow_match_score). */
export interface CodeBleuScores {
  readonly codebleu: number;
  readonly ngramMatch: number;
  readonly weightedNgramMatch: number;
  readonly syntaxMatch: number;
  readonly dataflowMatch: number;
}

export interface CreateCodeBleuOptions extends GrammarLocations {
  /** Languages to load (default: all of CODEBLEU_LANGUAGES). */
  readonly languages?: readonly CodeBleuLanguage[];
}

/** A loaded scorer: parsers for its languages, then synchronous scoring. */
export interface CodeBleu {
  readonly languages: readonly CodeBleuLanguage[];
  /**
   * Corpus CodeBLEU of `hypotheses` against `references` (one string, or an array of strings, per
   * hypothesis), as the reference's calc_codebleu(references, predictions, lang, weights).
   */
  codebleu(references: readonly (string | readonly string[])[], hypotheses: readonly string[], options: CodeBleuOptions): CodeBleuScores;
  /** Frees the parsers; the scorer cannot be used afterwards. */
  dispose(): void;
}

function checkLanguages(languages: unknown): readonly CodeBleuLanguage[] {
  if (!Array.isArray(languages) || languages.length === 0) throw new ArgumentError(`createCodeBleu: languages must be a non-empty array of ${CODEBLEU_LANGUAGES.join(', ')}`);
  for (const name of languages) {
    if (!isCodeBleuLanguage(name)) throw new ArgumentError(`createCodeBleu: unknown language ${JSON.stringify(name)}; supported: ${CODEBLEU_LANGUAGES.join(', ')}`);
  }
  return [...new Set(languages as CodeBleuLanguage[])];
}

/** Loads web-tree-sitter and the grammars of `options.languages` (all by default). */
export async function createCodeBleu(options: CreateCodeBleuOptions = {}): Promise<CodeBleu> {
  if (options === null || typeof options !== 'object') throw new ArgumentError('createCodeBleu: options must be an object');
  const languages = checkLanguages(options.languages ?? CODEBLEU_LANGUAGES);
  const parsers = await loadParsers(languages, options);
  let disposed = false;
  return {
    languages,
    codebleu(references, hypotheses, scoreOptions) {
      if (disposed) throw new ArgumentError('codebleu: this scorer has been disposed');
      const spec = checkScoreOptions(scoreOptions, languages);
      const loaded = parsers.get(spec.name)!;
      return scoreCorpus(references, hypotheses, spec, weightsOf(scoreOptions), loaded.parser, loaded.language);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const { parser } of parsers.values()) parser.delete();
      parsers.clear();
    },
  };
}

/** `createCodeBleu` with every language and the default grammar locations. */
export function loadCodeBleu(options: CreateCodeBleuOptions = {}): Promise<CodeBleu> {
  return createCodeBleu(options);
}

function checkScoreOptions(options: unknown, loaded: readonly CodeBleuLanguage[]): LanguageSpec {
  if (options === null || typeof options !== 'object') throw new ArgumentError('codebleu: options must be an object with lang (and optionally weights)');
  const lang = (options as { lang?: unknown }).lang;
  if (!isCodeBleuLanguage(lang)) throw new ArgumentError(`codebleu: unknown lang ${JSON.stringify(lang)}; supported: ${CODEBLEU_LANGUAGES.join(', ')}`);
  if (!loaded.includes(lang)) throw new ArgumentError(`codebleu: lang '${lang}' was not loaded; this scorer has ${loaded.join(', ')} (pass it in createCodeBleu({ languages }))`);
  return LANGUAGES[lang];
}

function weightsOf(options: CodeBleuOptions): CodeBleuWeights {
  const weights = options.weights ?? DEFAULT_CODEBLEU_WEIGHTS;
  if (!Array.isArray(weights) || weights.length !== 4) throw new ShapeError(`codebleu: weights must be 4 numbers (n-gram, weighted n-gram, syntax, data-flow), got ${Array.isArray(weights) ? `${weights.length} values` : typeof weights}`);
  for (const w of weights) if (typeof w !== 'number' || !Number.isFinite(w)) throw new ArgumentError(`codebleu: weights must be finite numbers, got ${String(w)}`);
  return weights as unknown as CodeBleuWeights;
}

function checkInputs(references: unknown, hypotheses: unknown): string[][] {
  if (!Array.isArray(hypotheses)) throw new ArgumentError('codebleu: hypotheses must be an array of strings');
  if (!Array.isArray(references)) throw new ArgumentError('codebleu: references must be an array (a string or an array of strings per hypothesis)');
  if (references.length !== hypotheses.length) throw new ShapeError(`codebleu: ${references.length} references for ${hypotheses.length} hypotheses; give one entry (a string or an array of strings) per hypothesis`);
  if (hypotheses.length === 0) throw new ShapeError('codebleu: no hypotheses; the corpus must hold at least one pair');
  hypotheses.forEach((h, i) => {
    if (typeof h !== 'string') throw new ArgumentError(`codebleu: hypotheses[${i}] must be a string, got ${typeof h}`);
  });
  return references.map((entry: unknown, i) => {
    if (typeof entry === 'string') return [entry];
    if (!Array.isArray(entry) || entry.length === 0) throw new ArgumentError(`codebleu: references[${i}] must be a string or a non-empty array of strings`);
    entry.forEach((r: unknown, j) => {
      if (typeof r !== 'string') throw new ArgumentError(`codebleu: references[${i}][${j}] must be a string, got ${typeof r}`);
    });
    return entry as string[];
  });
}

/** Parsed form of one code string for the syntax and data-flow matches. */
interface Analysed {
  readonly tree: SyntaxTree;
  readonly flows: string[];
}

function scoreCorpus(rawReferences: unknown, rawHypotheses: unknown, spec: LanguageSpec, weights: CodeBleuWeights, parser: Parser, language: Language): CodeBleuScores {
  const referenceLists = checkInputs(rawReferences, rawHypotheses);
  const references = referenceLists.map((list) => list.map(pythonStrip));
  const hypotheses = (rawHypotheses as string[]).map(pythonStrip);

  const index = new NgramIndex();
  const pairs: CountedPair[] = hypotheses.map((hypothesis, i) => ({
    hypothesis: index.count(pythonSplit(hypothesis)),
    references: references[i]!.map((reference) => index.count(pythonSplit(reference))),
  }));
  const ngramMatch = corpusNgramMatch(pairs);
  const weightedNgramMatch = corpusWeightedNgramMatch(pairs, (unigram) => spec.keywords.has(index.tokens[unigram]!));

  const analyse = (code: string): Analysed => {
    const tree = parseSyntaxTree(parser, language, code);
    return { tree, flows: normalizeDataflow(dataflowEdges(tree, spec.walker)) };
  };
  const interner = new SubtreeInterner();
  let syntaxMatched = 0;
  let syntaxTotal = 0;
  let flowMatched = 0;
  let flowTotal = 0;
  for (let i = 0; i < hypotheses.length; i++) {
    // As the reference: the hypothesis is cleaned again for each of its references.
    let candidate = hypotheses[i]!;
    let analysedCandidate: Analysed | null = null;
    for (const reference of references[i]!) {
      const cleaned = removeCommentsAndDocstrings(candidate, spec.comments);
      if (analysedCandidate === null || cleaned !== candidate) analysedCandidate = analyse(cleaned);
      candidate = cleaned;
      // Code equal to the cleaned hypothesis (an exact match) parses to the same tree: reuse it.
      const cleanedReference = removeCommentsAndDocstrings(reference, spec.comments);
      const analysedReference = cleanedReference === candidate ? analysedCandidate : analyse(cleanedReference);
      const syntax = syntaxMatchCounts(analysedReference.tree.root, analysedCandidate.tree.root, interner);
      syntaxMatched += syntax.matched;
      syntaxTotal += syntax.total;
      const flows = dataflowMatchCounts(analysedReference.flows, analysedCandidate.flows);
      flowMatched += flows.matched;
      flowTotal += flows.total;
    }
  }
  const syntaxMatch = syntaxMatched / syntaxTotal;
  const dataflowMatch = flowTotal === 0 ? 0 : flowMatched / flowTotal;
  const [alpha, beta, gamma, theta] = weights;
  const codebleu = alpha * ngramMatch + beta * weightedNgramMatch + gamma * syntaxMatch + theta * (dataflowMatch === 0 ? 1 : dataflowMatch);
  return { codebleu, ngramMatch, weightedNgramMatch, syntaxMatch, dataflowMatch };
}
