// Every JavaScript and TypeScript block of every README runs here as a user would run it: written to
// a file in a temporary folder inside examples/ (so `@neurite/*` resolves to the built packages),
// TypeScript turned into JavaScript by the TypeScript compiler (Node 20 runs no .ts), and run by node
// in a child process with a time bound. A block marked `<!-- not run: reason -->` in its README is
// reported as skipped with that reason; see scripts/readme-blocks.mjs for the markers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no declarations
import { extractBlocks, readmeBlocks } from '../scripts/readme-blocks.mjs';

interface Block { file: string; line: number; lang: 'js' | 'ts'; program: string; skip?: string }

const TIME_LIMIT_MS = 60_000;
const blocks = readmeBlocks() as Block[];
const folder = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-blocks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function toJavaScript(block: Block): string {
  if (block.lang === 'js') return block.program;
  const out = ts.transpileModule(block.program, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    reportDiagnostics: true,
    fileName: 'block.ts',
  });
  const errors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new Error(`TypeScript syntax errors: ${errors.join('; ')}`);
  return out.outputText;
}

describe('scripts/readme-blocks.mjs', () => {
  it('takes js/ts blocks, reads the markers right before a fence, and ignores other languages', () => {
    const text = [
      '# t', '```js', 'a()', '```', '',
      '<!-- not run: needs a browser -->', '', '```ts', 'b()', '```',
      '<!-- not run: applies to the next line only -->', 'Some prose.', '```javascript', 'c()', '```',
      '<!-- run: continues the block above -->', '```typescript', 'd()', '```',
      '```sh', 'npm test', '```', '```json', '{}', '```',
    ].join('\n');
    const blocks = extractBlocks(text) as { line: number; lang: string; code: string; skip?: string; continues: boolean }[];
    expect(blocks.map((b) => [b.line, b.lang, b.code, b.skip ?? null, b.continues])).toEqual([
      [2, 'js', 'a()\n', null, false],
      [8, 'ts', 'b()\n', 'needs a browser', false],
      [13, 'js', 'c()\n', null, false],
      [17, 'ts', 'd()\n', null, true],
    ]);
  });

  it('refuses a "not run" marker without a reason', () => {
    expect(() => extractBlocks('<!-- not run: -->\n```js\nx()\n```\n')).toThrow(/needs a reason/);
  });
});

describe('README code blocks', () => {
  it('finds the blocks of every README', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  for (const block of blocks) {
    const name = `${block.file}:${block.line}`;
    if (block.skip !== undefined) {
      it.skip(`${name} (not run: ${block.skip})`, () => {});
      continue;
    }
    it(`${name} runs`, () => {
      const path = join(folder, `${block.file.replace(/[/\\]/g, '-').replace(/\.md$/, '')}-${block.line}.mjs`);
      writeFileSync(path, toJavaScript(block));
      const r = spawnSync(process.execPath, [path], { cwd: folder, encoding: 'utf8', timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL' });
      const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
      expect(timedOut, `${name} did not exit within ${TIME_LIMIT_MS / 1000} s\n${r.stdout}\n${r.stderr}`).toBe(false);
      expect(r.status, `${name} exited with ${r.status}\n${r.stdout}\n${r.stderr}`).toBe(0);
    }, TIME_LIMIT_MS + 10_000);
  }
});
