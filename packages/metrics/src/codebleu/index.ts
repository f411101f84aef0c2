// CodeBLEU for Python, JavaScript and Java (equal to the reference implementation) and TypeScript
// (our extension).
export { createCodeBleu, loadCodeBleu, DEFAULT_CODEBLEU_WEIGHTS } from './codebleu.ts';
export type { CodeBleu, CodeBleuOptions, CodeBleuScores, CodeBleuWeights, CreateCodeBleuOptions } from './codebleu.ts';
export { CODEBLEU_LANGUAGE_INFO, CODEBLEU_LANGUAGES } from './languages.ts';
export type { CodeBleuLanguage, CodeBleuLanguageInfo } from './languages.ts';
export type { GrammarLocations, WasmSource } from './grammar-loader.ts';
