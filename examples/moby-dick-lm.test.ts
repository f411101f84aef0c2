import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('examples/moby-dick-lm.mjs (small mode)', () => {
  it('reports perplexity per character, parameters and time for the n-gram model, the LSTM and the GPT', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./moby-dick-lm.mjs', import.meta.url)), '--small'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const perplexity = Number(row.split('|')[2]);
      expect(perplexity).toBeGreaterThan(1);
      expect(perplexity).toBeLessThan(200);
    }
    expect(rows[0]).toMatch(/5-gram, interpolated Kneser-Ney/);
  });
});
