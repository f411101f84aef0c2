import { ArgumentError, DTypeError, init, memory, mul, ones, scope, type Tensor, tensor, zeros } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../errors.ts';
import { ReLU, Tanh } from '../layers/activations.ts';
import { BatchNorm1d } from '../layers/normalization.ts';
import { Linear } from '../layers/linear.ts';
import { Sequential } from '../layers/sequential.ts';
import { gradCheckModule } from '../testing.ts';
import { Module } from './module.ts';
import { buffer, parameter } from './parameter.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

/** Registered explicitly (the API before assignment registration; it keeps working). */
class Block extends Module {
  readonly fc: Linear;
  readonly act: Tanh;
  constructor() {
    super();
    this.fc = this.registerModule('fc', new Linear(3, 2, { seed: 1 }));
    this.act = this.registerModule('act', new Tanh());
  }
  forward(x: Tensor): Tensor {
    return scope(() => this.act.forward(this.fc.forward(x)));
  }
}

/** Written as a PyTorch user would: everything registered by assignment. */
class Net extends Module {
  scale: Tensor | undefined;
  fc1: Module;
  steps: Tensor;
  fc2: Module;
  constructor() {
    super();
    this.scale = parameter(ones([4]));
    this.fc1 = new Linear(3, 4, { seed: 1 });
    this.steps = buffer(zeros([1]));
    this.fc2 = new Linear(4, 2, { seed: 2 });
  }
  forward(x: Tensor): Tensor {
    return scope(() => this.fc2.forward(this.scale ? mul(this.fc1.forward(x), this.scale) : this.fc1.forward(x)));
  }
}

/** Class fields are registered too, before what the constructor body registers. */
class WithClassFields extends Module {
  encoder = new Linear(2, 3, { seed: 3 });
  head = new Linear(3, 1, { seed: 4 });
  plain = 7;
  constructor() {
    super();
    this.registerBuffer('mask', ones([3]));
  }
  forward(x: Tensor): Tensor {
    return scope(() => this.head.forward(this.encoder.forward(x)));
  }
}

const names = (pairs: [string, unknown][]) => pairs.map(([n]) => n);

describe('Module: explicit registration', () => {
  it('lists parameters and buffers by dotted name in registration order', () => {
    const norm = new BatchNorm1d(2);
    const bufferNames = names(norm.namedBuffers());
    const model = new Sequential(new Block(), norm, new ReLU(), new Linear(2, 1, { seed: 2 }));
    expect(names(model.namedParameters())).toEqual(['0.fc.weight', '0.fc.bias', '1.weight', '1.bias', '3.weight', '3.bias']);
    expect(names(model.namedBuffers())).toEqual(bufferNames.map((n) => `1.${n}`));
    expect(model.namedModules().map(([n, m]) => `${n}:${m.typeName}`)).toEqual([':Sequential', '0:Block', '0.fc:Linear', '0.act:Tanh', '1:BatchNorm1d', '2:ReLU', '3:Linear']);
    expect(model.parameterCount()).toBe(3 * 2 + 2 + 2 + 2 + 2 + 1);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('switches train/eval recursively, freezes parameters and summarizes with output shapes', () => {
    const model = new Sequential(new Block(), new Linear(2, 1));
    model.eval();
    expect(model.modules().every((m) => !m.training)).toBe(true);
    model.train();
    expect(model.modules().every((m) => m.training)).toBe(true);
    (model.at(0) as Block).fc.freeze();
    expect(model.trainableParameters()).toHaveLength(2);
    model.unfreeze();
    expect(model.trainableParameters()).toHaveLength(4);
    expect(model.summary()).toContain('Linear(in=3, out=2)');
    const before = memory().liveTensors;
    const withShapes = model.summary([4, 3]);
    expect(withShapes).toMatch(/fc +Linear\(in=3, out=2\) +\[4, 2\]/);
    expect(withShapes).toContain('[4, 1]');
    expect(model.training).toBe(true);
    expect(memory().liveTensors).toBe(before);
    expect(Object.prototype.hasOwnProperty.call(model, 'forward')).toBe(false);
    model.dispose();
  });

  it('state dicts round trip and loading is all or nothing', () => {
    const a = new Sequential(new Linear(3, 2, { seed: 1 }), new Net());
    const b = new Sequential(new Linear(3, 2, { seed: 9 }), new Net());
    const state = a.stateDict();
    // PyTorch's order: module by module, its parameters then its buffers.
    expect([...state.keys()]).toEqual(['0.weight', '0.bias', '1.scale', '1.steps', '1.fc1.weight', '1.fc1.bias', '1.fc2.weight', '1.fc2.bias']);
    const before = b.stateDict();
    const broken = new Map(state);
    broken.set('0.bias', { dtype: 'float32', shape: [3], data: new Float32Array(3) });
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

  it('forward leaves the live-tensor count unchanged once its output is disposed', () => {
    const model = new Sequential(new Block(), new ReLU(), new Linear(2, 4));
    const x = tensor(new Float32Array(15).map((_, i) => Math.sin(i)), [5, 3]);
    const before = memory().liveTensors;
    const y = model.forward(x);
    expect(y.shape).toEqual([5, 4]);
    y.dispose();
    expect(memory().liveTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});

describe('Module: registration by assignment', () => {
  it('registers submodules, parameter() and buffer() fields under their names in assignment order', () => {
    const net = new Net();
    expect(names(net.namedParameters())).toEqual(['scale', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(names(net.namedBuffers())).toEqual(['steps']);
    expect(names(net.namedChildren())).toEqual(['fc1', 'fc2']);
    expect(net.parameterCount()).toBe(4 + 3 * 4 + 4 + 4 * 2 + 2);
    expect(net.scale!.requiresGrad).toBe(true);
    expect(net.steps.requiresGrad).toBe(false);
    net.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('registers class fields before what the constructor body registers, and skips plain values', () => {
    const model = new WithClassFields();
    expect(names(model.namedChildren())).toEqual(['encoder', 'head']);
    expect(names(model.namedBuffers())).toEqual(['mask']);
    expect([...model.stateDict().keys()]).toEqual(['mask', 'encoder.weight', 'encoder.bias', 'head.weight', 'head.bias']);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('does not register a plain tensor field (as PyTorch), nor an alias of a registered module twice', () => {
    class Aliased extends Module {
      readonly linear = new Linear(2, 2, { seed: 1 });
      readonly sameLinear: Linear;
      readonly cache: Tensor;
      constructor() {
        super();
        this.sameLinear = this.linear;
        this.cache = zeros([2]).keep();
      }
      forward(x: Tensor): Tensor {
        return this.linear.forward(x);
      }
    }
    const model = new Aliased();
    expect(names(model.namedModules())).toEqual(['', 'linear']);
    expect(names(model.namedParameters())).toEqual(['linear.weight', 'linear.bias']);
    model.dispose();
    expect(model.cache.isDisposed).toBe(false);
    model.cache.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('registers fields assigned after construction, and a reassigned field keeps its place', () => {
    const net = new Net() as Net & { extra?: Module };
    const oldFc1 = net.fc1;
    net.extra = new Linear(2, 2, { seed: 5 });
    net.fc1 = new Linear(3, 4, { seed: 6 });
    expect(names(net.namedChildren())).toEqual(['fc1', 'fc2', 'extra']);
    expect(net.getSubmodule('fc1')).toBe(net.fc1);
    // A replaced module is not disposed (it may live on elsewhere): its owner disposes it.
    expect(oldFc1.parameters().every((p) => !p.isDisposed)).toBe(true);
    oldFc1.dispose();
    net.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('reassigning a parameter or buffer field replaces the registration and disposes the old tensor', () => {
    const net = new Net();
    const oldScale = net.scale!;
    const oldSteps = net.steps;
    // Fields are adopted when the module is listed (here as an optimizer would); a tensor replaced
    // before its first adoption was never registered, so the module does not free it (documented).
    net.parameters();
    const before = memory().liveTensors;
    net.scale = parameter(tensor([1, 2, 3, 4]));
    net.steps = buffer(ones([1]));
    expect(names(net.namedParameters())[0]).toBe('scale'); // the listing adopts the new values
    expect(oldScale.isDisposed).toBe(true);
    expect(oldSteps.isDisposed).toBe(true);
    expect(memory().liveTensors).toBe(before);
    expect([...net.stateDict().get('scale')!.data]).toEqual([1, 2, 3, 4]);
    net.scale = undefined; // unregisters (and frees) it
    expect(names(net.namedParameters())).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(memory().liveTensors).toBe(before - 1);
    net.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('lists a module or tensor shared by two owners once, and disposes it once', () => {
    const shared = new Linear(2, 2, { seed: 1 });
    const model = new Sequential(shared, new Tanh(), shared);
    expect(names(model.namedParameters())).toEqual(['0.weight', '0.bias']);
    expect(names(model.namedModules())).toEqual(['', '0', '1']);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('keeps registerModule/registerParameter and fields in one assignment order', () => {
    class Mixed extends Module {
      first = new Linear(1, 1, { seed: 1 });
      third: Linear;
      constructor() {
        super();
        this.registerModule('second', new Linear(1, 1, { seed: 2 }));
        this.third = new Linear(1, 1, { seed: 3 });
        this.registerParameter('fourth', zeros([1]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const model = new Mixed();
    expect(names(model.namedChildren())).toEqual(['first', 'second', 'third']);
    expect(() => (model as unknown as { registerModule(n: string, m: Module): void }).registerModule('first', new Tanh())).toThrow(ArgumentError);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('substitutes field parameters in withParameters (gradient check of a PyTorch-style module)', () => {
    const net = new Net();
    const x = tensor(new Float32Array(6).map((_, i) => Math.cos(i + 0.3)), [2, 3]);
    const report = gradCheckModule(net, [x]);
    expect(report.elements).toBeGreaterThan(0); // gradCheck throws when a gradient is off
    expect(names(net.namedParameters())).toEqual(['scale', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(net.parameters().every((p) => !p.isDisposed)).toBe(true);
    x.dispose();
    net.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('parameter() and buffer() reject bad values with typed errors and leak nothing', () => {
    expect(() => parameter(tensor([1, 2], [2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => parameter([1, 2] as never)).toThrow(ArgumentError);
    expect(() => buffer(undefined as never)).toThrow(ArgumentError);
    expect(memory().liveTensors).toBe(start);
  });
});
