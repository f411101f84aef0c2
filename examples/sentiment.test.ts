import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('examples/sentiment.mjs (small mode)', () => {
  it('splits, trains a tokenizer and three classifiers, and reports test accuracy for each', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./sentiment.mjs', import.meta.url)), '--small'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { split: { train: number; test: number }; models: { model: string; accuracy: number }[] };
    expect(report.split).toMatchObject({ train: 400, test: 200 });
    expect(report.models.map((m) => m.model)).toEqual(['bag of words + logistic regression', 'transformer encoder', 'LSTM']);
    for (const m of report.models) expect(m.accuracy).toBeGreaterThanOrEqual(0.3);
    expect(report.models[0]!.accuracy).toBeGreaterThan(0.6);
    expect(r.stderr).toMatch(/transformer epoch 1\/1: mean loss/);
  });
});
