import { init, memory, scope, type Tensor, tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../errors.ts';
import { ReLU } from '../layers/activations.ts';
import { BatchNorm1d } from '../layers/normalization.ts';
import { Linear } from '../layers/linear.ts';
import { Sequential } from '../layers/sequential.ts';
import { Module } from './module.ts';

beforeAll(async () => {
  await init();
});

class Block extends Module {
  readonly fc: Linear;
  readonly norm: BatchNorm1d;
  constructor() {
    super();
    this.fc = this.registerModule('fc', new Linear(3, 2, { seed: 1 }));
    this.norm = this.registerModule('norm', new BatchNorm1d(2));
  }
  forward(x: Tensor): Tensor {
    return scope(() => this.norm.forward(this.fc.forward(x)));
  }
}

describe('Module', () => {
  it('lists parameters and buffers by dotted name in registration order', () => {
    const start = memory().liveTensors;
    const model = new Sequential(new Block(), new ReLU(), new Linear(2, 1, { seed: 2 }));
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.fc.weight', '0.fc.bias', '0.norm.weight', '0.norm.bias', '2.weight', '2.bias']);
    expect(model.namedBuffers().map(([n]) => n)).toEqual(['0.norm.runningMean', '0.norm.runningVar']);
    expect(model.namedModules().map(([n, m]) => `${n}:${m.typeName}`)).toEqual(['(root)', '0:Block', '0.fc:Linear', '0.norm:BatchNorm1d', '1:ReLU', '2:Linear'].map((s) => s.replace('(root)', ':Sequential')));
    expect(model.parameterCount()).toBe(3 * 2 + 2 + 2 + 2 + 2 + 1);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('switches train/eval recursively and freezes parameters', () => {
    const model = new Sequential(new Block(), new Linear(2, 1));
    model.eval();
    expect(model.modules().every((m) => !m.training)).toBe(true);
    model.train();
    expect(model.modules().every((m) => m.training)).toBe(true);
    (model.at(0) as Block).fc.freeze();
    expect(model.trainableParameters()).toHaveLength(4);
    expect(model.parameterCount({ trainableOnly: true })).toBe(2 + 2 + 3);
    model.unfreeze();
    expect(model.trainableParameters()).toHaveLength(6);
    const text = model.summary();
    expect(text).toContain('Linear(in=3, out=2)');
    expect(text).toContain('total parameters: 15 (trainable 15)');
    const start = memory().liveTensors;
    const withShapes = model.summary([4, 3]);
    expect(withShapes).toMatch(/0\.fc|fc +Linear\(in=3, out=2\) +\[4, 2\]/);
    expect(withShapes).toContain('[4, 1]');
    expect(model.training).toBe(true);
    expect(memory().liveTensors).toBe(start);
    expect(Object.prototype.hasOwnProperty.call(model, 'forward')).toBe(false);
    model.dispose();
  });

  it('state dicts round trip and loading is all or nothing', () => {
    const start = memory().liveTensors;
    const a = new Sequential(new Linear(3, 2, { seed: 1 }), new BatchNorm1d(2));
    const b = new Sequential(new Linear(3, 2, { seed: 9 }), new BatchNorm1d(2));
    const state = a.stateDict();
    expect([...state.keys()]).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.runningMean', '1.runningVar']);
    const before = b.stateDict();
    const broken = new Map(state);
    broken.set('1.bias', { dtype: 'float32', shape: [3], data: new Float32Array(3) });
    expect(() => b.loadStateDict(broken)).toThrow(ModelLoadError);
    expect(b.stateDict()).toEqual(before);
    const missing = new Map(state);
    missing.delete('0.bias');
    expect(() => b.loadStateDict(missing)).toThrow(/STATE_MISSING_KEY/);
    expect(() => b.loadStateDict(new Map([...state, ['extra', state.get('0.bias')!]]))).toThrow(/STATE_UNEXPECTED_KEY/);
    b.loadStateDict(missing, { strict: false });
    b.loadStateDict(state);
    expect(b.stateDict()).toEqual(state);
    a.dispose();
    b.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('forward leaves the live-tensor count unchanged once its output (and graph) is disposed', () => {
    const model = new Sequential(new Block(), new ReLU(), new Linear(2, 4));
    const x = tensor(new Float32Array(15).map((_, i) => Math.sin(i)), [5, 3]);
    const start = memory().liveTensors;
    const y = model.forward(x);
    expect(y.shape).toEqual([5, 4]);
    y.dispose();
    expect(memory().liveTensors).toBe(start);
    x.dispose();
    model.dispose();
  });
});
