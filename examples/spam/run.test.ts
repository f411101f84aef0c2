import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./run.mjs', import.meta.url));
const classify = fileURLToPath(new URL('./classify.mjs', import.meta.url));

describe('examples/spam/run.mjs (small mode)', () => {
  it('tunes, thresholds, reports and round-trips the four pipelines on 800 seeded emails; a saved one classifies a new email', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-spam-test-'));
    const r = spawnSync(process.execPath, [script, '--small', '--json', '--out', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.small).toBe(true);
    expect(out.results).toHaveLength(8);
    // seeded, so the figures are fixed (LR 0.95 accuracy / 0.994 AUC, NB 0.85-0.90 / 0.92 on this split);
    // the bounds leave room for numerical changes in the solvers, not for a broken pipeline
    for (const row of out.results) {
      expect(row.confusion.tn + row.confusion.fp + row.confusion.fn + row.confusion.tp).toBe(160);
      const lr = row.name.startsWith('logistic');
      expect(row.rocAuc).toBeGreaterThan(lr ? 0.98 : 0.9);
      expect(row.accuracy).toBeGreaterThan(lr ? 0.93 : 0.82);
    }
    expect(r.stderr).toMatch(/identical test probabilities/);
    expect(r.stderr).not.toMatch(/DIFFERENT/);
    const email = 'Subject: FREE money!!! Click here to claim your prize now, limited offer, unsubscribe';
    const c = spawnSync(process.execPath, [classify, '--model', join(dir, 'logistic-regression.json')], { encoding: 'utf8', input: email });
    expect(c.status, c.stderr).toBe(0);
    const verdict = JSON.parse(c.stdout);
    expect(verdict.probability).toBeGreaterThanOrEqual(0);
    expect(verdict.probability).toBeLessThanOrEqual(1);
    expect(verdict.spam).toBe(verdict.probability >= verdict.threshold);
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains a bad seed', () => {
    const r = spawnSync(process.execPath, [script, '--seed', 'abc'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--seed/);
  });
});
