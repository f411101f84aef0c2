// Loads web-tree-sitter and the grammar WebAssembly files. In Node the grammars are read from the
// installed npm packages (tree-sitter-python, -javascript, -java, -typescript are dependencies of
// this package), resolved with createRequire so they are found wherever npm placed them. In a
// browser there is no package directory: the caller passes where each grammar is (a URL, or the
// bytes), and where web-tree-sitter's own web-tree-sitter.wasm is, if the bundler does not serve it
// next to web-tree-sitter.js.
import { ArgumentError } from '@neurite/tensor';
import { Language, Parser } from 'web-tree-sitter';
import { LANGUAGES, type CodeBleuLanguage } from './languages.ts';

/** Where a .wasm file is: a path (Node), a URL, or its bytes. */
export type WasmSource = string | URL | Uint8Array;

export interface GrammarLocations {
  /** web-tree-sitter's runtime, web-tree-sitter.wasm (default: found by web-tree-sitter itself). */
  readonly treeSitterWasm?: WasmSource;
  /** Grammar files by language (default in Node: the file shipped in the grammar's npm package). */
  readonly grammars?: Partial<Record<CodeBleuLanguage, WasmSource>>;
}

let runtimeReady: Promise<void> | null = null;

function isNode(): boolean {
  const processLike = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof processLike?.versions?.node === 'string';
}

/** Initialises web-tree-sitter once per process (the first successful caller's location holds); a failed attempt can be retried. */
async function initRuntime(treeSitterWasm: WasmSource | undefined): Promise<void> {
  if (runtimeReady === null) {
    let options: object | undefined;
    if (treeSitterWasm instanceof Uint8Array) options = { wasmBinary: treeSitterWasm };
    else if (treeSitterWasm !== undefined) {
      const href = treeSitterWasm instanceof URL ? treeSitterWasm.href : treeSitterWasm;
      options = { locateFile: () => href };
    }
    runtimeReady = Parser.init(options).catch((error: unknown) => {
      runtimeReady = null;
      throw new ArgumentError(`createCodeBleu: web-tree-sitter could not start (treeSitterWasm: ${describe(treeSitterWasm)}): ${String(error)}`);
    });
  }
  return runtimeReady;
}

function describe(source: WasmSource | undefined): string {
  if (source === undefined) return 'default location';
  if (source instanceof Uint8Array) return `${source.length} bytes`;
  return source instanceof URL ? source.href : source;
}

async function defaultGrammar(language: CodeBleuLanguage): Promise<WasmSource> {
  const spec = LANGUAGES[language];
  if (!isNode()) {
    throw new ArgumentError(`createCodeBleu: outside Node the location of the ${language} grammar must be given (options.grammars.${language}: a URL of ${spec.grammarFile} from the ${spec.grammarPackage} package, or its bytes)`);
  }
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  return require.resolve(`${spec.grammarPackage}/${spec.grammarFile}`);
}

async function loadGrammar(source: WasmSource): Promise<Language> {
  if (source instanceof URL && source.protocol === 'file:') {
    const { fileURLToPath } = await import('node:url');
    return Language.load(fileURLToPath(source));
  }
  return Language.load(source);
}

/** Loads the runtime and one parser per language. */
export async function loadParsers(languages: readonly CodeBleuLanguage[], locations: GrammarLocations): Promise<Map<CodeBleuLanguage, { parser: Parser; language: Language }>> {
  await initRuntime(locations.treeSitterWasm);
  const parsers = new Map<CodeBleuLanguage, { parser: Parser; language: Language }>();
  try {
    await loadInto(parsers, languages, locations);
  } catch (error) {
    for (const { parser } of parsers.values()) parser.delete();
    throw error;
  }
  return parsers;
}

async function loadInto(parsers: Map<CodeBleuLanguage, { parser: Parser; language: Language }>, languages: readonly CodeBleuLanguage[], locations: GrammarLocations): Promise<void> {
  for (const name of languages) {
    const source = locations.grammars?.[name] ?? (await defaultGrammar(name));
    let language: Language;
    try {
      language = await loadGrammar(source);
    } catch (error) {
      throw new ArgumentError(`createCodeBleu: could not load the ${name} grammar from ${describe(source)}: ${String(error)}`);
    }
    const parser = new Parser();
    parser.setLanguage(language);
    parsers.set(name, { parser, language });
  }
}
