import { ArgumentError, DTypeError, init, memory, NeuriteError, type Tensor, tensor } from '@neurite/tensor';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, OptimizerStepError } from '../errors.ts';
import { MAX_STEP, type Optimizer, type OptimizerState } from './optimizer.ts';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from './optimizers.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});
afterEach(() => {
  expect(memory().liveTensors).toBe(start);
});

const makers: [string, (params: Tensor[]) => Optimizer][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.1 })],
  ['SGD momentum', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1 })],
  ['SGD Nesterov', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true })],
  ['Adam', (p) => new Adam(p, { lr: 0.01 })],
  ['AdamW', (p) => new AdamW(p, { lr: 0.01 })],
  ['Adam amsgrad', (p) => new Adam(p, { lr: 0.01, amsgrad: true })],
  ['Adagrad', (p) => new Adagrad(p)],
  ['RMSprop', (p) => new RMSprop(p)],
  ['RMSprop momentum', (p) => new RMSprop(p, { momentum: 0.5 })],
  ['RMSprop centered', (p) => new RMSprop(p, { centered: true })],
];

/** Three parameters with gradients, float32 or float64. */
function parameters(dtype: 'float32' | 'float64' = 'float32'): Tensor[] {
  return [[1, 2], [3, 4, 5], [6]].map((values, i) => {
    const p = tensor(values, [values.length], { dtype }).keep().setRequiresGrad(true);
    p.grad = tensor(values.map((v) => v * 0.5 - i), [values.length], { dtype });
    return p;
  });
}

const snapshot = (o: Optimizer, params: Tensor[]) => ({ params: params.map((p) => [...p.toArray()]), state: o.stateDict() });

function loadCode(o: Optimizer, state: OptimizerState): string {
  try {
    o.loadStateDict(state);
  } catch (error) {
    if (error instanceof ModelLoadError) return error.code;
    throw error;
  }
  return 'loaded';
}

describe.each(makers)('%s', (_name, make) => {
  it.each(['float32', 'float64'] as const)('a step counter at its limit throws before any parameter changes (%s)', (dtype) => {
    const params = parameters(dtype);
    const o = make(params);
    const saved = o.stateDict();
    // The last parameter is at the limit; the first two could still step.
    expect(loadCode(o, { ...saved, steps: [5, 5, MAX_STEP] })).toBe('loaded');
    const before = snapshot(o, params);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => o.step()).toThrow(OptimizerStepError);
      expect(snapshot(o, params)).toEqual(before);
    }
    // A valid state makes it step again.
    o.loadStateDict({ ...saved, steps: [5, 5, 5] });
    o.step();
    expect(o.stateDict().steps).toEqual([6, 6, 6]);
    o.dispose();
    params.forEach((p) => p.dispose());
  });

  it('a disposed gradient fails the step before any parameter changes', () => {
    const params = parameters();
    const o = make(params);
    params[2]!.grad!.dispose();
    const before = params.slice(0, 2).map((p) => [...p.toArray()]);
    expect(() => o.step()).toThrow(OptimizerStepError);
    expect(params.slice(0, 2).map((p) => [...p.toArray()])).toEqual(before);
    expect(o.stateDict().steps).toEqual([0, 0, 0]);
    params[2]!.grad = null;
    o.step(); // the others step; the gradient-less one is skipped
    expect(o.stateDict().steps).toEqual([1, 1, 0]);
    o.dispose();
    params.forEach((p) => p.dispose());
  });

  it('loadStateDict rejects every invalid state with a code and changes nothing', () => {
    const params = parameters();
    const o = make(params);
    o.step();
    const good = o.stateDict();
    const name = o['bufferNames'][0] as string;
    const key = `1.${name}`;
    const withBuffer = (k: string, v: unknown) => ({ ...good, buffers: new Map([...good.buffers, [k, v]]) as OptimizerState['buffers'] });
    const cases: [string, unknown][] = [
      ['STATE_INVALID', null],
      ['STATE_INVALID', 7],
      ['STATE_INVALID', { ...good, buffers: {} }],
      ['STATE_INVALID', { ...good, steps: 'x' }],
      ['STATE_INVALID', { ...good, groups: {} }],
      ['STATE_INVALID', { ...good, steps: [1, 1] }],
      ['STATE_INVALID', { ...good, steps: [1, 1, MAX_STEP + 1] }],
      ['STATE_INVALID', { ...good, steps: [1, 1, 2 ** 53] }],
      ['STATE_INVALID', { ...good, steps: [1, 1.5, 1] }],
      ['STATE_INVALID', { ...good, steps: [1, NaN, 1] }],
      ['STATE_INVALID', { ...good, steps: [1, -1, 1] }],
      ['STATE_INVALID', { ...good, steps: [1, '1', 1] }],
      ['STATE_INVALID', { ...good, groups: [] }],
      ['STATE_INVALID', { ...good, groups: [null] }],
      ['STATE_INVALID', { ...good, groups: [{ ...good.groups[0], lr: NaN }] }],
      ['STATE_INVALID', { ...good, groups: [{ ...good.groups[0], lr: Infinity }] }],
      ['STATE_INVALID', { ...good, groups: [{ ...good.groups[0], weightDecay: -1 }] }],
      ['STATE_INVALID', { ...good, groups: [{ ...good.groups[0], lr: '0.1' }] }],
      ['STATE_INVALID', { ...good, groups: [{ ...good.groups[0], evil: 1 }] }],
      ['STATE_INVALID', { ...good, groupSizes: [2, 1] }],
      ['STATE_INVALID', { ...good, groupSizes: [3, 0] }],
      ['STATE_SHAPE_MISMATCH', withBuffer(key, new Float32Array(2))],
      ['STATE_DTYPE_MISMATCH', withBuffer(key, new Float64Array(3))],
      ['STATE_DTYPE_MISMATCH', withBuffer(key, [0, 0, 0])],
      ['STATE_INVALID', withBuffer(key, new Float32Array([0, NaN, 0]))],
      ['STATE_INVALID', withBuffer(key, new Float32Array([0, Infinity, 0]))],
      ['STATE_UNEXPECTED_KEY', withBuffer(`3.${name}`, new Float32Array(1))],
      ['STATE_UNEXPECTED_KEY', withBuffer(`01.${name}`, new Float32Array(3))],
      ['STATE_UNEXPECTED_KEY', withBuffer(`-0.${name}`, new Float32Array(2))],
      ['STATE_UNEXPECTED_KEY', withBuffer('1.evil', new Float32Array(3))],
      ['STATE_UNEXPECTED_KEY', withBuffer(name, new Float32Array(3))],
    ];
    const before = snapshot(o, params);
    const lr = o.learningRate;
    for (const [code, state] of cases) {
      expect([code, loadCode(o, state as OptimizerState)]).toEqual([code, code]);
      expect(snapshot(o, params)).toEqual(before);
      expect(o.learningRate).toBe(lr);
    }
    expect(loadCode(o, good)).toBe('loaded');
    o.dispose();
    params.forEach((p) => p.dispose());
  });
});

describe('optimizer constructors', () => {
  it('reject bad params and hyperparameters with typed errors before allocating state', () => {
    const p = tensor([1, 2], [2]).keep().setRequiresGrad(true);
    const ints = tensor([1, 2], [2], { dtype: 'int32' }).keep();
    const live = memory().liveTensors;
    const bad: (() => unknown)[] = [
      () => new SGD([p, p], { lr: 0.1 }),
      () => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 }),
      () => new SGD([p], { lr: NaN }),
      () => new SGD([p], { lr: 0.1, momentum: Infinity }),
      () => new SGD([p], { lr: 0.1, dampening: 2 }),
      () => new SGD([p], { lr: 0.1, nesterov: true }),
      () => new SGD([p], { lr: 0.1, nesterov: 'yes' as unknown as boolean }),
      () => new SGD([p], { lr: 0.1, weightDecay: Infinity }),
      () => new SGD(7 as unknown as Tensor[], { lr: 0.1 }),
      () => new SGD([p, 3 as unknown as Tensor], { lr: 0.1 }),
      () => new SGD([ints], { lr: 0.1 }),
      () => new SGD([p], 'fast' as unknown as { lr: number }),
      () => new Adam([p], { beta1: 1 }),
      () => new Adam([p], { beta2: -0.1 }),
      () => new Adam([p], { eps: NaN }),
      () => new AdamW([p], { weightDecay: -1 }),
      () => new Adagrad([p], { eps: -1 }),
      () => new RMSprop([p], { alpha: 1.5 }),
      () => new RMSprop([p], { momentum: -1 }),
      () => new RMSprop([{ params: [p], lr: -1 }]),
    ];
    for (const f of bad) {
      expect(f).toThrow(NeuriteError);
      expect(memory().liveTensors).toBe(live);
    }
    expect(() => new SGD([ints], { lr: 0.1 })).toThrow(DTypeError);
    expect(() => new SGD([p], { lr: NaN })).toThrow(ArgumentError);
    const o = new SGD([p], { lr: 0.1 });
    expect(() => o.setLearningRate(-1)).toThrow(ArgumentError);
    expect(() => o.setLearningRate(Infinity)).toThrow(ArgumentError);
    expect(o.learningRate).toBe(0.1);
    o.dispose();
    p.dispose();
    ints.dispose();
  });
});
