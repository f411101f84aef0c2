import { init, memory } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../errors.ts';
import { BatchNorm1d } from '../layers/normalization.ts';
import { Linear } from '../layers/linear.ts';
import { Sequential } from '../layers/sequential.ts';
import { Adam } from '../optim/optimizers.ts';
import { fit } from '../train/fit.ts';
import { loadCheckpoint, loadWeights, readStateDict, saveCheckpoint, saveWeights } from './model-io.ts';
import { readSafetensorsHeader } from './safetensors-read.ts';
import { writeSafetensors } from './safetensors-write.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

const model = (seed: number) => new Sequential(new Linear(3, 4, { seed }), new BatchNorm1d(4), new Linear(4, 2, { seed: seed + 1 }));
const data = {
  x: { data: new Float32Array(24).map((_, i) => Math.cos(i)), shape: [8, 3] },
  y: { data: new Int32Array([0, 1, 1, 0, 1, 0, 0, 1]), shape: [8] },
};

describe('weights as safetensors', () => {
  it('save -> load round trips bit-exactly, buffers included', async () => {
    const a = model(1);
    const optimizer = new Adam(a.parameters(), { lr: 0.01 });
    await fit(a, data, { epochs: 3, batchSize: 4, optimizer, loss: 'crossEntropy' });
    const bytes = saveWeights(a, { note: 'test' });
    const header = readSafetensorsHeader(bytes);
    expect(header.entries.map((e) => e.name).sort()).toEqual(['0.bias', '0.weight', '1.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var', '1.weight', '2.bias', '2.weight']);
    const b = model(7);
    expect(loadWeights(b, bytes)).toEqual({ note: 'test' });
    const sa = a.stateDict(), sb = b.stateDict();
    for (const [k, v] of sa) expect(new Uint8Array(sb.get(k)!.data.buffer)).toEqual(new Uint8Array(v.data.buffer));
    optimizer.dispose();
    a.dispose();
    b.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('rejects a file for another architecture without changing the model', () => {
    const a = model(1);
    const other = new Sequential(new Linear(3, 5, { seed: 1 }));
    const before = a.stateDict();
    expect(() => loadWeights(a, saveWeights(other))).toThrow(ModelLoadError);
    expect(a.stateDict()).toEqual(before);
    const truncated = saveWeights(a).slice(0, -3);
    expect(() => loadWeights(a, truncated)).toThrow(/DATA_TRUNCATED/);
    expect(a.stateDict()).toEqual(before);
    a.dispose();
    other.dispose();
  });

  it('decodes F16 and BF16 weights to float32', () => {
    const layer = new Linear(2, 1, { seed: 1 });
    const bytes = writeSafetensors({
      weight: { dtype: 'F16', shape: [1, 2], data: new Uint16Array([0x3c00, 0xc000]) },
      bias: { dtype: 'BF16', shape: [1], data: new Uint16Array([0x3f00]) },
    });
    loadWeights(layer, bytes);
    expect([...layer.weight.toArray()]).toEqual([1, -2]);
    expect([...layer.bias!.toArray()]).toEqual([0.5]);
    expect(readStateDict(bytes).state.get('weight')!.dtype).toBe('float32');
    layer.dispose();
  });

  it('checkpoints continue training bit-identically', async () => {
    const run = async (resume: boolean) => {
      const m = model(3);
      let optimizer = new Adam(m.parameters(), { lr: 0.01 });
      await fit(m, data, { epochs: 2, batchSize: 4, optimizer, loss: 'crossEntropy', seed: 5, shuffle: false });
      if (resume) {
        const bytes = saveCheckpoint(m, optimizer, { epoch: '2' });
        m.dispose();
        optimizer.dispose();
        const fresh = model(99);
        optimizer = new Adam(fresh.parameters(), { lr: 0.5 });
        expect(loadCheckpoint(fresh, optimizer, bytes)).toEqual({ epoch: '2' });
        expect(optimizer.learningRate).toBe(0.01);
        await fit(fresh, data, { epochs: 2, batchSize: 4, optimizer, loss: 'crossEntropy', seed: 5, shuffle: false });
        const out = fresh.stateDict();
        fresh.dispose();
        optimizer.dispose();
        return out;
      }
      await fit(m, data, { epochs: 2, batchSize: 4, optimizer, loss: 'crossEntropy', seed: 5, shuffle: false });
      const out = m.stateDict();
      m.dispose();
      optimizer.dispose();
      return out;
    };
    expect(await run(true)).toEqual(await run(false));
    expect(memory().liveTensors).toBe(start);
  });
});
