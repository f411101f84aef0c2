// The languages CodeBLEU scores. Python, JavaScript and Java follow the reference implementation
// (k4black/codebleu 0.7.1 on the grammars tree-sitter-python 0.25.0, tree-sitter-javascript 0.25.0,
// tree-sitter-java 0.23.5). TypeScript is our extension, with no reference to match: the
// JavaScript data-flow walker, comment removal and keyword list, on tree-sitter-typescript
// 0.23.2's `typescript` grammar.
import { javaDataflow, javascriptDataflow } from './dataflow-c-family.ts';
import type { DataflowWalker } from './dataflow-graph.ts';
import { pythonDataflow } from './dataflow-python.ts';
import { JAVA_KEYWORDS, JAVASCRIPT_KEYWORDS, PYTHON_KEYWORDS } from './keywords.ts';

export type CodeBleuLanguage = 'python' | 'javascript' | 'java' | 'typescript';

export interface LanguageSpec {
  readonly name: CodeBleuLanguage;
  /** npm package and file of the grammar's WebAssembly build. */
  readonly grammarPackage: string;
  readonly grammarFile: string;
  readonly keywords: ReadonlySet<string>;
  readonly walker: DataflowWalker;
  readonly comments: 'python' | 'c-style';
  /** True for languages without a reference implementation (our extensions). */
  readonly extension: boolean;
}

export const LANGUAGES: Readonly<Record<CodeBleuLanguage, LanguageSpec>> = {
  python: { name: 'python', grammarPackage: 'tree-sitter-python', grammarFile: 'tree-sitter-python.wasm', keywords: PYTHON_KEYWORDS, walker: pythonDataflow, comments: 'python', extension: false },
  javascript: { name: 'javascript', grammarPackage: 'tree-sitter-javascript', grammarFile: 'tree-sitter-javascript.wasm', keywords: JAVASCRIPT_KEYWORDS, walker: javascriptDataflow, comments: 'c-style', extension: false },
  java: { name: 'java', grammarPackage: 'tree-sitter-java', grammarFile: 'tree-sitter-java.wasm', keywords: JAVA_KEYWORDS, walker: javaDataflow, comments: 'c-style', extension: false },
  typescript: { name: 'typescript', grammarPackage: 'tree-sitter-typescript', grammarFile: 'tree-sitter-typescript.wasm', keywords: JAVASCRIPT_KEYWORDS, walker: javascriptDataflow, comments: 'c-style', extension: true },
};

/** What a language's scores are: equal to the reference implementation's, or our extension. */
export interface CodeBleuLanguageInfo {
  /** The grammar package (and version) whose tree-sitter WebAssembly build parses it. */
  readonly grammar: string;
  /** True where scores equal the reference implementation (k4black/codebleu 0.7.1). */
  readonly matchesReference: boolean;
  readonly note: string;
}

export const CODEBLEU_LANGUAGE_INFO: Readonly<Record<CodeBleuLanguage, CodeBleuLanguageInfo>> = {
  python: { grammar: 'tree-sitter-python 0.25.0', matchesReference: true, note: 'as k4black/codebleu 0.7.1' },
  javascript: { grammar: 'tree-sitter-javascript 0.25.0', matchesReference: true, note: 'as k4black/codebleu 0.7.1' },
  java: { grammar: 'tree-sitter-java 0.23.5', matchesReference: true, note: 'as k4black/codebleu 0.7.1' },
  typescript: {
    grammar: 'tree-sitter-typescript 0.23.2 (typescript grammar)',
    matchesReference: false,
    note: "Neurite's extension, no reference implementation: the JavaScript data-flow walker, comment removal and keywords on the TypeScript grammar",
  },
};

/** Every supported language, the reference's three first. */
export const CODEBLEU_LANGUAGES: readonly CodeBleuLanguage[] = ['python', 'javascript', 'java', 'typescript'];

export function isCodeBleuLanguage(value: unknown): value is CodeBleuLanguage {
  return typeof value === 'string' && (CODEBLEU_LANGUAGES as readonly string[]).includes(value);
}
