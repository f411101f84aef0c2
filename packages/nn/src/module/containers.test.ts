import { add, ArgumentError, init, memory, mul, scope, type Tensor, tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReLU, Tanh } from '../layers/activations.ts';
import { Linear } from '../layers/linear.ts';
import { Sequential } from '../layers/sequential.ts';
import { Module } from './module.ts';
import { ModuleDict } from './module-dict.ts';
import { ModuleList } from './module-list.ts';
import { ModulePathError } from './module-path.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

const names = (pairs: [string, unknown][]) => pairs.map(([n]) => n);

/** A stand-in for a KV cache: forward appends what it saw. */
class Cache {
  readonly seen: number[][] = [];
}

/** An attention-like module: typed options with a mask and a cache, and still a Module. */
class Masked extends Module<{ mask?: Tensor; cache?: Cache }> {
  proj = new Linear(2, 2, { seed: 1 });
  forward(x: Tensor, options?: { mask?: Tensor; cache?: Cache }): Tensor {
    return scope(() => {
      const y = this.proj.forward(x);
      options?.cache?.seen.push(x.shape.slice());
      return options?.mask ? mul(y, options.mask) : y;
    });
  }
}

/** A model that loops over a ModuleList and picks a head from a ModuleDict. */
class Tower extends Module {
  blocks = new ModuleList([new Linear(2, 2, { seed: 2 }), new Linear(2, 2, { seed: 3 })]);
  heads = new ModuleDict({ small: new Linear(2, 1, { seed: 4 }), big: new Linear(2, 3, { seed: 5 }) });
  forward(x: Tensor): Tensor {
    return scope(() => {
      let h = x;
      for (const block of this.blocks) h = add(block.forward(h), h);
      return this.heads.get('big').forward(h);
    });
  }
}

describe('forward options', () => {
  it('a module declares typed options; call, Sequential and Residual-free layers pass or ignore them', () => {
    const attention = new Masked();
    const asModule: Module = attention; // still a Module
    const x = tensor([[1, 2], [3, 4]]);
    const mask = tensor([[1, 0], [0, 1]]);
    const cache = new Cache();
    const masked = scope(() => attention.call(x, { mask, cache }).toArray());
    const plain = scope(() => asModule.forward(x).toArray());
    expect(masked[1]).toBe(0);
    expect(masked[0]).toBeCloseTo(plain[0]!, 6);
    expect(cache.seen).toEqual([[2, 2]]);
    const model = new Sequential(new Linear(2, 2, { seed: 7 }), new Tanh(), attention);
    const y = scope(() => model.forward(x, { mask, cache }).toArray());
    expect(y[1]).toBe(0);
    expect(cache.seen).toHaveLength(2);
    model.dispose();
    x.dispose();
    mask.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

describe('ModuleList and ModuleDict', () => {
  it('register under PyTorch keys ("blocks.0.weight", "heads.small.weight") and run in a custom forward', () => {
    const model = new Tower();
    expect(names(model.namedParameters())).toEqual([
      'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias', 'heads.small.weight', 'heads.small.bias', 'heads.big.weight', 'heads.big.bias',
    ]);
    const x = tensor([[1, -1]]);
    expect(scope(() => model.forward(x).shape.slice())).toEqual([1, 3]);
    expect(() => model.blocks.forward(x)).toThrow(ArgumentError);
    expect(() => model.heads.forward(x)).toThrow(ArgumentError);
    x.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('ModuleList appends, extends, inserts (renumbering), indexes and iterates', () => {
    const [a, b, c, d] = [new ReLU(), new Tanh(), new ReLU(), new Tanh()];
    const list = new ModuleList([a]).append(b).extend([c]);
    list.insert(1, d);
    expect(names(list.namedChildren())).toEqual(['0', '1', '2', '3']);
    expect([...list]).toEqual([a, d, b, c]);
    expect(list.length).toBe(4);
    expect(list.at(-1)).toBe(c);
    expect(() => list.at(4)).toThrow(ArgumentError);
    expect(() => list.insert(9, a)).toThrow(ArgumentError);
    expect(() => list.append({} as Module)).toThrow(ArgumentError);
    expect(() => new ModuleList([a, 3 as never])).toThrow(ArgumentError);
    expect(() => new ModuleList(5 as never)).toThrow(ArgumentError);
  });

  it('ModuleDict sets, replaces in place, deletes and validates keys', () => {
    const [a, b, c] = [new ReLU(), new Tanh(), new ReLU()];
    const dict = new ModuleDict([['a', a], ['b', b]]);
    expect(dict.set('a', c)).toBe(a);
    expect(dict.keys()).toEqual(['a', 'b']);
    expect(dict.get('a')).toBe(c);
    expect(dict.has('z')).toBe(false);
    expect(dict.delete('a')).toBe(c);
    expect(dict.size).toBe(1);
    expect([...dict]).toEqual([['b', b]]);
    expect(() => dict.get('a')).toThrow(ArgumentError);
    expect(() => dict.set('x.y', a)).toThrow(ArgumentError);
    expect(() => dict.set('', a)).toThrow(ArgumentError);
    expect(() => dict.set('k', 'no' as never)).toThrow(ArgumentError);
    expect(() => new ModuleDict([['a', a, 'extra']] as never)).toThrow(ArgumentError);
  });
});

describe('getSubmodule and setSubmodule', () => {
  it('get a submodule by dotted path; bad paths throw ModulePathError (an ArgumentError)', () => {
    const model = new Sequential(new Tower(), new ReLU());
    expect(model.getSubmodule('')).toBe(model);
    expect(model.getSubmodule('0.blocks.1')).toBeInstanceOf(Linear);
    expect(model.getSubmodule('0.heads.small')).toBe((model.at(0) as Tower).heads.get('small'));
    for (const bad of ['0.blocks.7', 'nope', '0..blocks', '.0', '0.blocks.1.weight']) {
      expect(() => model.getSubmodule(bad)).toThrow(ModulePathError);
    }
    expect(() => model.getSubmodule(3 as never)).toThrow(ArgumentError);
    const error = (() => {
      try {
        model.getSubmodule('0.blocks.7');
      } catch (e) {
        return e as ModulePathError;
      }
    })();
    expect(error?.segment).toBe('7');
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('set a submodule in place: parameter order and field kept, old module returned, not disposed', () => {
    const model = new Sequential(new Tower(), new ReLU());
    const before = names(model.namedParameters());
    const replacement = new Linear(2, 2, { seed: 11 });
    const old = model.setSubmodule('0.blocks.0', replacement);
    expect(names(model.namedParameters())).toEqual(before);
    expect(model.getSubmodule('0.blocks.0')).toBe(replacement);
    expect(old.parameters().every((p) => !p.isDisposed)).toBe(true);
    old.dispose();
    // A field-registered submodule: the field itself now holds the new module (forward uses it).
    const tower = model.at(0) as Tower;
    const newHeads = new ModuleDict({ big: new Linear(2, 3, { seed: 12 }) });
    const oldHeads = model.setSubmodule('0.heads', newHeads, { dispose: true });
    expect(tower.heads).toBe(newHeads);
    expect(oldHeads.parameters().every((p) => p.isDisposed)).toBe(true);
    expect(names(model.namedParameters()).slice(-2)).toEqual(['0.heads.big.weight', '0.heads.big.bias']);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('dispose: true keeps tensors the model still reaches (a LoRA-style wrapper around the old module)', () => {
    class Wrapper extends Module {
      constructor(readonly inner: Module) {
        super();
      }
      forward(x: Tensor): Tensor {
        return this.inner.forward(x);
      }
    }
    const model = new Sequential(new Linear(2, 2, { seed: 1 }), new Tanh());
    const inner = model.at(0);
    model.setSubmodule('0', new Wrapper(inner), { dispose: true });
    expect(inner.parameters().every((p) => !p.isDisposed)).toBe(true);
    expect(names(model.namedParameters())).toEqual(['0.inner.weight', '0.inner.bias']);
    expect(() => model.setSubmodule('', new Tanh())).toThrow(ModulePathError);
    expect(() => model.setSubmodule('5', new Tanh())).toThrow(ModulePathError);
    expect(() => model.setSubmodule('1', 'x' as never)).toThrow(ArgumentError);
    expect(() => model.setSubmodule('0.inner', model)).toThrow(ArgumentError); // a cycle
    expect(() => model.setSubmodule('1', new Tanh(), null as never)).toThrow(ArgumentError);
    expect(() => model.setSubmodule('1', new Tanh(), { dispose: 'yes' } as never)).toThrow(ArgumentError);
    expect(() => model.namedParameters(7 as never)).toThrow(ArgumentError);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
