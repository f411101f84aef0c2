import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const data = here('../packages/nn/test-data/stories260K/');
const reference = JSON.parse(readFileSync(`${data}greedy-reference.json`, 'utf8')) as { prompt: string; steps: number; text: string }[];

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [here('./generate.mjs'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('examples/generate.mjs', () => {
  for (const ref of reference) {
    it(`prints llama2.c's greedy text for ${JSON.stringify(ref.prompt)}`, () => {
      const r = run(['--checkpoint', `${data}stories260K.bin`, '--tokenizer', `${data}tok512.bin`, '--prompt', ref.prompt, '--steps', String(ref.steps), '--temperature', '0']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(ref.text);
      expect(r.stderr).toMatch(/achieved tok\/s: \d/);
    });
  }

  it('samples with a seed reproducibly and explains bad arguments', () => {
    const args = ['--checkpoint', `${data}stories260K.bin`, '--tokenizer', `${data}tok512.bin`, '--prompt', 'Lily', '--steps', '30', '--temperature', '0.9', '--seed', '5'];
    const a = run(args), b = run(args);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.startsWith('Lily')).toBe(true);
    const bad = run(['--checkpoint', `${data}stories260K.bin`, '--tokenizer', `${data}tok512.bin`, '--steps', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--steps is "many"/);
  });
});
