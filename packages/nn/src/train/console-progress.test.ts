import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '@neurite/tensor';
import { mlp } from '../models/mlp.ts';
import { Adam } from '../optim/optimizers.ts';
import { defaultVerbosity } from './console-progress.ts';
import { fit } from './fit.ts';

beforeAll(async () => {
  await init();
});

function data() {
  const x = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i * 12.9898) * 2);
  return { x: { data: x, shape: [64, 4] }, y: { data: Int32Array.from({ length: 64 }, (_, i) => i % 3), shape: [64] } };
}

describe('fit progress output', () => {
  it('verbose 2 prints one line per epoch with loss, accuracy and validation figures', async () => {
    const lines: string[] = [];
    const model = mlp([4, 8, 3], { seed: 2 });
    await fit(model, data(), { epochs: 2, optimizer: new Adam(model.parameters()), loss: 'crossEntropy', batchSize: 16, validationSplit: 0.25, verbose: 2, log: (t) => lines.push(t) });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Epoch 1\/2 - [\d.]+s - loss [\d.]+ - accuracy [\d.]+ - valLoss [\d.]+ - valAccuracy [\d.]+\n$/);
    model.dispose();
  });

  it('verbose 1 redraws a bar in place and ends each epoch with its figures', async () => {
    const writes: string[] = [];
    const model = mlp([4, 8, 3], { seed: 3 });
    await fit(model, data(), { epochs: 1, optimizer: new Adam(model.parameters()), loss: 'crossEntropy', batchSize: 8, verbose: 1, log: (t) => writes.push(t) });
    expect(writes.some((w) => /^\rEpoch 1\/1 8\/8 \[=+\] - ETA .* - loss [\d.]+$/.test(w))).toBe(true);
    expect(writes.at(-1)).toMatch(/^\rEpoch 1\/1 - .*loss [\d.]+.*\n$/);
    model.dispose();
  });

  it('is silent by default where standard output is not a terminal, and rejects a bad verbosity', async () => {
    expect(defaultVerbosity()).toBe(process.stdout.isTTY ? 1 : 0);
    const model = mlp([4, 8, 3], { seed: 4 });
    await expect(fit(model, data(), { epochs: 1, optimizer: new Adam(model.parameters()), loss: 'crossEntropy', verbose: 3 as never })).rejects.toThrow(/verbose must be 0, 1 or 2/);
    model.dispose();
  });
});
