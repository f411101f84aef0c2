// State dicts in PyTorch's layout: a CNN with BatchNorm and a Flatten, written by PyTorch's
// `safetensors.torch.save_file(model.state_dict())` (parity/generate.py), loads and computes
// PyTorch's outputs; Neurite's 'torch' layout file holds exactly PyTorch's entries.
import { ArgumentError, init, memory, scope, tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { expectClose, loadFixture } from '../../parity/fixtures.ts';
import { ModelLoadError } from '../errors.ts';
import { ReLU } from '../layers/activations.ts';
import { Conv2d, GlobalAvgPool2d, MaxPool2d } from '../layers/conv.ts';
import { Conv1d } from '../layers/conv1d.ts';
import { Dropout } from '../layers/dropout.ts';
import { Flatten } from '../layers/flatten.ts';
import { Linear } from '../layers/linear.ts';
import { BatchNorm2d } from '../layers/normalization.ts';
import { Residual, Sequential } from '../layers/sequential.ts';
import { loadWeights, readStateDict, saveWeights } from './model-io.ts';
import { convertTorchLayout, fromTorchStateDict, toTorchStateDict } from './torch-layout.ts';

const torchFile = new Uint8Array(readFileSync(new URL('../../parity/fixtures/cnn.torch.safetensors', import.meta.url)));
const io = loadFixture('cnn.io.safetensors');
let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

/** The twin of generate.py's cnn(): Conv2d(3, 4, 3, padding 1), BatchNorm2d, ReLU, MaxPool2d(2), Flatten, Linear(36, 5). */
const cnn = () => new Sequential(new Conv2d(3, 4, 3, { padding: 1, seed: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(36, 5, { seed: 2 }));

describe('PyTorch state dicts', () => {
  it('Conv1d weights convert [K, Cin, Cout] <-> [Cout, Cin, K], and a Linear after its Flatten reorders (L, C) columns to (C, L)', () => {
    const model = new Sequential(new Conv1d(2, 3, 4, { seed: 1 }), new Flatten(), new Linear(3 * 2, 1, { seed: 2 }));
    const ours = model.stateDict();
    const torch = toTorchStateDict(model);
    const w = ours.get('0.weight')!, tw = torch.get('0.weight')!;
    expect(tw.shape).toEqual([3, 2, 4]);
    // torch[o][i][k] = ours[k][i][o]
    expect(tw.data[(2 * 2 + 1) * 4 + 3]).toBe(w.data[(3 * 2 + 1) * 3 + 2]);
    const lw = ours.get('2.weight')!, tlw = torch.get('2.weight')!;
    expect(tlw.data[1 * 2 + 0]).toBe(lw.data[0 * 3 + 1]); // torch column (c 1, l 0) = ours (l 0, c 1)
    const back = convertTorchLayout(model, torch, 'fromTorch');
    for (const [name, e] of ours) expect([...back.get(name)!.data], name).toEqual([...e.data]);
    expect(() => convertTorchLayout(model, ours, 'fromTorch')).toThrow(/PyTorch \[Cout, Cin, K\]/);
    model.dispose();
  });

  it('a PyTorch-written CNN file loads with layout torch and computes PyTorch outputs', () => {
    const model = cnn();
    loadWeights(model, torchFile, { layout: 'torch' });
    model.eval();
    const x = io.tensor('x');
    const y = scope(() => model.forward(x).toArray());
    expectClose(y, io.entry('y').data as Float32Array, 'CNN eval output', 1e-5, 1e-6);
    const tracked = model.stateDict().get('1.num_batches_tracked')!;
    expect([...tracked.data]).toEqual([2]);
    x.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it("saveWeights with layout torch writes PyTorch's keys, shapes and values (strict load_state_dict accepts it)", () => {
    const model = cnn();
    loadWeights(model, torchFile, { layout: 'torch' });
    const ours = readStateDict(saveWeights(model, {}, { layout: 'torch' })).state;
    const theirs = readStateDict(torchFile).state; // I64 num_batches_tracked narrowed to int32
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [name, e] of theirs) {
      const mine = ours.get(name)!;
      expect(mine.shape, name).toEqual(e.shape);
      expect([...mine.data], name).toEqual([...e.data]);
    }
    // Without the layout option the same file is rejected (conv weights are OIHW, not HWIO): nothing loads.
    const fresh = cnn();
    const before = fresh.stateDict();
    expect(() => loadWeights(fresh, torchFile)).toThrow(ModelLoadError);
    expect(fresh.stateDict()).toEqual(before);
    model.dispose();
    fresh.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('toTorchStateDict and fromTorchStateDict are inverse (nested Sequential, Residual, Dropout between Flatten and Linear)', () => {
    const make = (seed: number) => new Sequential(
      new Residual(new Sequential(new Conv2d(2, 3, [3, 2], { padding: 'same', seed }), new ReLU()), { shortcut: new Conv2d(2, 3, 1, { seed: seed + 1 }) }),
      new MaxPool2d(2),
      new Sequential(new Flatten(), new Dropout(0.5), new Linear(12, 2, { seed: seed + 2 })),
    );
    const a = make(10), b = make(20);
    const torchState = toTorchStateDict(a);
    expect(torchState.get('0.body.0.weight')!.shape).toEqual([3, 2, 3, 2]);
    fromTorchStateDict(b, torchState);
    expect(b.stateDict()).toEqual(a.stateDict());
    a.dispose();
    b.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('a Linear after a Flatten follows (C, H, W) order: same outputs as flattening NCHW', () => {
    // Flatten of [1, 1, 2, 2] NHWC feature maps with channels 2: Neurite order (h, w, c), PyTorch (c, h, w).
    const model = new Sequential(new Conv2d(1, 2, 1, { bias: false, seed: 3 }), new Flatten(), new Linear(8, 1, { bias: false, seed: 4 }));
    const torchWeight = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // columns (c, h, w)
    fromTorchStateDict(model, new Map([
      ['0.weight', { dtype: 'float32', shape: [2, 1, 1, 1], data: Float32Array.from([1, 10]) }],
      ['2.weight', { dtype: 'float32', shape: [1, 8], data: torchWeight }],
    ]));
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = scope(() => model.forward(x).toArray()[0]);
    // PyTorch: channel 0 = x, channel 1 = 10 x; y = sum_c sum_hw w[c, hw] * x_c[hw].
    expect(y).toBeCloseTo((1 * 1 + 2 * 2 + 3 * 3 + 4 * 4) + 10 * (5 * 1 + 6 * 2 + 7 * 3 + 8 * 4), 3);
    x.dispose();
    model.dispose();
  });

  it('leaves a Flatten of the model input, and of globally pooled [N, C] features, unpermuted', () => {
    const mlp = new Sequential(new Flatten(), new Linear(6, 2, { seed: 5 }));
    const state = mlp.stateDict();
    expect(toTorchStateDict(mlp)).toEqual(state);
    const pooled = new Sequential(new Conv2d(1, 3, 1, { seed: 6 }), new GlobalAvgPool2d(), new Flatten(), new Linear(3, 2, { seed: 7 }));
    expect(toTorchStateDict(pooled).get('3.weight')).toEqual(pooled.stateDict().get('3.weight'));
    mlp.dispose();
    pooled.dispose();
  });

  it('rejects bad state with typed errors and changes nothing', () => {
    const model = cnn();
    const before = model.stateDict();
    const wrong = new Map(before); // Neurite layout given as PyTorch's
    expect(() => fromTorchStateDict(model, wrong)).toThrow(ModelLoadError);
    const badLinear = new Map(toTorchStateDict(model));
    badLinear.set('5.weight', { dtype: 'float32', shape: [5, 35], data: new Float32Array(175) });
    expect(() => fromTorchStateDict(model, badLinear)).toThrow(/STATE_SHAPE_MISMATCH/);
    expect(() => fromTorchStateDict(model, null as never)).toThrow(ArgumentError);
    expect(() => loadWeights(model, torchFile, { layout: 'pytorch' as never })).toThrow(ArgumentError);
    expect(() => convertTorchLayout(model, new Map([['0.weight', { dtype: 'float32', shape: [3, 3, 3], data: new Float32Array(27) }]]), 'fromTorch')).toThrow(ModelLoadError);
    expect(model.stateDict()).toEqual(before);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
