// PyTorch parity of every layer: forward, input and parameter gradients, running statistics,
// against fixtures written by parity/generate.py (float32, rtol 1e-5).
import { add, init, memory, mul, scope, sum, type Tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../parity/fixtures.ts';
import type { Module, StateDict } from '../module/module.ts';
import { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from './activations.ts';
import { AdaptiveAvgPool2d } from './adaptive-pool.ts';
import { AvgPool2d, Conv2d, GlobalAvgPool2d, MaxPool2d } from './conv.ts';
import { AvgPool1d, Conv1d, MaxPool1d } from './conv1d.ts';
import { Embedding } from './embedding.ts';
import { Flatten } from './flatten.ts';
import { Identity } from './identity.ts';
import { Linear } from './linear.ts';
import { BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm } from './normalization.ts';
import { GRU, LSTM, RNN } from './recurrent.ts';

const fixture = loadFixture('layers.safetensors');
let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MAKERS: Record<string, new (...args: any[]) => Module> = {
  Linear, Conv2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d, BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm, ReLU, LeakyReLU, Sigmoid, Tanh, GELU,
  Softmax, LogSoftmax, Flatten, Embedding, RNN, LSTM, GRU, Conv1d, MaxPool1d, AvgPool1d, AdaptiveAvgPool2d, Identity,
};

interface Case { name: string; type: string; args: unknown[]; train?: boolean; buffers?: boolean; recurrent?: boolean }
const cases = fixture.cases as unknown as Case[];

/** The fixture entries `<case>.<role>.*` as a state dict (parameters or buffers). */
function stateOf(name: string, role: 'p' | 'b'): StateDict {
  const out: StateDict = new Map();
  for (const key of fixture.keys(`${name}.${role}.`)) {
    const e = fixture.entry(`${name}.${role}.${key}`);
    out.set(key, { dtype: e.dtype === 'I32' ? 'int32' : 'float32', shape: e.shape, data: e.data as Float32Array });
  }
  return out;
}

function make(c: Case): Module {
  const module = new MAKERS[c.type]!(...c.args);
  module.loadStateDict(stateOf(c.name, 'p'), { strict: false });
  if (c.buffers) module.loadStateDict(stateOf(c.name, 'b'), { strict: false });
  if (c.train === false) module.eval();
  return module;
}

function expectParamGrads(module: Module, name: string): void {
  const names = module.namedParameters().map(([n]) => n);
  expect(names.sort()).toEqual(fixture.keys(`${name}.grad.`).sort());
  for (const [pname, p] of module.namedParameters()) expectClose(p.grad!.toArray(), fixture.entry(`${name}.grad.${pname}`).data as Float32Array, `${name} grad ${pname}`);
}

describe(`layers match PyTorch ${fixture.torch}`, () => {
  it.each(cases.filter((c) => !c.recurrent).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const module = make(c);
    const x = fixture.tensor(`${name}.x`);
    if (x.dtype === 'float32') x.setRequiresGrad(true);
    const g = fixture.tensor(`${name}.g`);
    scope(() => {
      const y = module.forward(x);
      expect(y.shape).toEqual(fixture.entry(`${name}.y`).shape);
      expectClose(y.toArray(), fixture.entry(`${name}.y`).data as Float32Array, `${name} output`);
      sum(mul(y, g)).backward();
    });
    if (x.dtype === 'float32') expectClose(x.grad!.toArray(), fixture.entry(`${name}.dx`).data as Float32Array, `${name} input grad`);
    expectParamGrads(module, name);
    // Buffers after the forward: running statistics updated in training, unchanged in eval.
    const buffers = new Map(module.namedBuffers());
    expect([...buffers.keys()].sort()).toEqual(fixture.keys(`${name}.b.`).sort());
    for (const [bname, b] of buffers) expectClose(b.toArray(), fixture.entry(`${name}.b.${bname}`).data as Float32Array, `${name} buffer ${bname}`);
    for (const t of [x, g]) t.dispose();
    module.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

/** Runs a recurrent case; `withC` adds sum(cn * gc) to the loss (LSTM). */
function runRecurrent(c: Case, withC: boolean) {
  const module = make(c);
  const [x, h0, g, gh] = ['x', 'h0', 'g', 'gh'].map((k) => fixture.tensor(`${c.name}.${k}`)) as [Tensor, Tensor, Tensor, Tensor];
  const lstm = c.type === 'LSTM';
  const c0 = lstm ? fixture.tensor(`${c.name}.c0`) : undefined;
  const gc = lstm && withC ? fixture.tensor(`${c.name}.gc`) : undefined;
  for (const t of [x, h0, c0]) t?.setRequiresGrad(true);
  const cleanup = () => {
    for (const t of [x, h0, g, gh, c0, gc]) t?.dispose();
    module.dispose();
  };
  try {
    const results = scope(() => {
      const { output, state } = module.run(x, { h: h0, c: c0 });
      const loss = gc ? sum(mul(state.c!, gc)) : add(sum(mul(output, g)), sum(mul(state.h, gh)));
      loss.backward();
      return { output: output.toArray(), h: state.h.toArray(), c: state.c?.toArray() };
    });
    const grads = { x: x.grad?.toArray(), h0: h0.grad?.toArray(), c0: c0?.grad?.toArray() };
    return { module, results, grads, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

describe(`recurrent layers match PyTorch ${fixture.torch} (with h0/c0, stacked)`, () => {
  const recurrent = cases.filter((c) => c.recurrent).map((c) => [c.name, c] as const);
  it.each(recurrent)('%s: output, final state, gradients of x, h0 and parameters', (name, c) => {
    const { module, results, grads, cleanup } = runRecurrent(c, false);
    expectClose(results.output, fixture.entry(`${name}.y`).data as Float32Array, `${name} output`);
    expectClose(results.h, fixture.entry(`${name}.hn`).data as Float32Array, `${name} final h`);
    if (c.type === 'LSTM') expectClose(results.c!, fixture.entry(`${name}.cn`).data as Float32Array, `${name} final c`);
    expectClose(grads.x!, fixture.entry(`${name}.dx`).data as Float32Array, `${name} input grad`);
    expectClose(grads.h0!, fixture.entry(`${name}.dh0`).data as Float32Array, `${name} h0 grad`);
    expectParamGrads(module, name);
    cleanup();
    expect(memory().liveTensors).toBe(start);
  });

  // An encoder handing its final c to a decoder as c0: gradient reaches c0, and flows from the final c.
  const lstms = recurrent.filter(([, c]) => c.type === 'LSTM');
  it.each(lstms)('%s: gradient reaches c0 through the outputs', (name, c) => {
    const { grads, cleanup } = runRecurrent(c, false);
    cleanup();
    expect(grads.c0).toBeDefined();
    expectClose(grads.c0!, fixture.entry(`${name}.dc0`).data as Float32Array, `${name} c0 grad`);
  });
  it.each(lstms)('%s: the final c is differentiable', (name, c) => {
    const { grads, cleanup } = runRecurrent(c, true);
    cleanup();
    expectClose(grads.x!, fixture.entry(`${name}.dx_c`).data as Float32Array, `${name} input grad through c`);
    expectClose(grads.c0!, fixture.entry(`${name}.dc0_c`).data as Float32Array, `${name} c0 grad through c`);
  });
});
