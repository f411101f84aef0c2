// Extracts the JavaScript and TypeScript code blocks of every README in the repository, so that
// examples/readme-blocks.test.ts can run each one as a user would.
//
// A block is a fenced ```js, ```javascript, ```ts or ```typescript block. An HTML comment on the
// line right before the fence (blank lines allowed in between) changes how it is treated:
//   <!-- not run: the reason -->       the block is deliberately partial or needs what CI lacks (a
//                                      browser, a network, a large download); the test lists it
//                                      as skipped with the reason. The reason is required.
//   <!-- run: continues the block above -->
//                                      the block is run after the previous block of the same README
//                                      (their code is concatenated), for a walk-through split by prose.
// Every other block is run on its own.
//
// `node scripts/readme-blocks.mjs` lists the blocks and their status.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

const LANGUAGES = new Map([['js', 'js'], ['javascript', 'js'], ['ts', 'ts'], ['typescript', 'ts']]);

/** The READMEs whose blocks run: the root one, every workspace's, and those one folder down in benchmarks/ and examples/. */
export function readmeFiles(root = repositoryRoot) {
  const files = ['README.md', 'benchmarks/README.md', 'examples/README.md'];
  for (const group of ['packages', 'apps', 'benchmarks', 'examples']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) files.push(join(group, entry.name, 'README.md'));
    }
  }
  return [...new Set(files)].filter((file) => existsSync(join(root, file))).sort();
}

/**
 * The code blocks of one README's text.
 * @returns {{ line: number, lang: 'js' | 'ts', code: string, skip?: string, continues: boolean }[]}
 *   line is the 1-based line of the opening fence.
 */
export function extractBlocks(text) {
  const lines = text.split(/\r?\n/);
  const blocks = [];
  let lastComment = null; // the last HTML comment seen, cleared by any other non-blank line
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!fence) {
      const trimmed = lines[i].trim();
      if (trimmed.startsWith('<!--') && trimmed.endsWith('-->')) lastComment = trimmed.slice(4, -3).trim();
      else if (trimmed !== '') lastComment = null;
      continue;
    }
    const [, indent, marker, info] = fence;
    const start = i;
    const body = [];
    for (i++; i < lines.length; i++) {
      if (lines[i].trim().startsWith(marker) && lines[i].trim().replace(/[`~]/g, '') === '') break;
      body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i]);
    }
    const lang = LANGUAGES.get(info.toLowerCase());
    const comment = lastComment;
    lastComment = null;
    if (!lang) continue;
    const block = { line: start + 1, lang, code: body.join('\n') + '\n', continues: false };
    if (comment !== null) {
      const notRun = /^not run:\s*(.*)$/s.exec(comment);
      if (notRun) {
        if (notRun[1].trim() === '') throw new Error(`line ${start + 1}: "not run:" needs a reason`);
        block.skip = notRun[1].trim();
      } else if (/^run:\s*continues the block above$/.test(comment)) {
        block.continues = true;
      }
    }
    blocks.push(block);
  }
  return blocks;
}

/**
 * Every block of every README, with the code to run (a continued block carries the code of
 * the blocks it continues).
 * @returns {{ file: string, line: number, lang: 'js' | 'ts', code: string, program: string, skip?: string }[]}
 */
export function readmeBlocks(root = repositoryRoot) {
  const all = [];
  for (const file of readmeFiles(root)) {
    const blocks = extractBlocks(readFileSync(join(root, file), 'utf8'));
    let previous = null;
    for (const block of blocks) {
      if (block.continues && !previous) throw new Error(`${file}:${block.line}: continues a block, but none comes before it`);
      const lang = block.continues && previous.lang === 'ts' ? 'ts' : block.lang;
      const program = block.continues ? `${previous.program}\n${block.code}` : block.code;
      const entry = { file, line: block.line, lang, code: block.code, program, ...(block.skip ? { skip: block.skip } : {}) };
      if (block.continues && previous.skip && !block.skip) entry.skip = `continues a block that is not run (${previous.skip})`;
      all.push(entry);
      previous = entry;
    }
  }
  return all;
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const blocks = readmeBlocks();
  for (const b of blocks) console.log(`${b.file}:${b.line} ${b.lang} ${b.skip ? `not run: ${b.skip}` : 'runs'}`);
  const skipped = blocks.filter((b) => b.skip).length;
  console.log(`${blocks.length} blocks: ${blocks.length - skipped} run, ${skipped} not run`);
}
