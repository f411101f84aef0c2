// Loading the way a browser does it: every .wasm given as bytes (web-tree-sitter's runtime and the
// grammar), no package paths. A file of its own, so that web-tree-sitter (which starts once per
// process) starts from these bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { createCodeBleu } from './index.ts';

const require = createRequire(import.meta.url);

test('web-tree-sitter and the grammar from bytes', async () => {
  const runtime = new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')));
  const grammar = new Uint8Array(readFileSync(require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm')));
  const scorer = await createCodeBleu({ languages: ['javascript'], treeSitterWasm: runtime, grammars: { javascript: grammar } });
  const code = 'function add(a, b) {\n  const sum = a + b;\n  return sum;\n}';
  expect(scorer.codebleu([code], [code], { lang: 'javascript' })).toEqual({ codebleu: 1, ngramMatch: 1, weightedNgramMatch: 1, syntaxMatch: 1, dataflowMatch: 1 });
  scorer.dispose();
});
