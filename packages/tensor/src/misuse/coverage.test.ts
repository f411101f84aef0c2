// The misuse suite must call every public function: each function exported by src/index.ts is
// named by an op(...) case of one of the misuse files, or listed here with the reason it is not.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../index.ts';

const NOT_FUZZED: Record<string, string> = {
  init: 'async; its argument check has its own test in runtime-misuse.test.ts',
  getBackend: 'no arguments', isInitialized: 'no arguments', memory: 'no arguments (the harness calls it for every case)',
  isGradEnabled: 'no arguments', defaultGenerator: 'no arguments',
  Tensor: 'a class: its methods have their own cases (Tensor.item, Tensor.backward, ...)',
  Generator: 'a class: constructed by the random cases with bad seeds; its methods have their own cases',
  NeuriteError: 'an error class', ShapeError: 'an error class', DTypeError: 'an error class', ArgumentError: 'an error class',
  DisposedError: 'an error class', NonFiniteError: 'an error class', NotInitializedError: 'an error class', OutOfMemoryError: 'an error class',
  LinalgError: 'an error class', NotFittedError: 'an error class',
};

describe('misuse suite coverage', () => {
  it('names every exported function', () => {
    const dir = new URL('.', import.meta.url);
    const text = readdirSync(dir).filter((f) => f.endsWith('-misuse.test.ts')).map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
    // Names in op('name', ...) cases, and in the `const family = { a, b, ... }` maps turned into cases.
    const named = new Set([...text.matchAll(/(?:op|optimizerCase)\('(\w+)/g)].map((m) => m[1]!));
    for (const m of text.matchAll(/^const \w+ = \{ ([\w, ]+) \};$/gm)) for (const n of m[1]!.split(', ')) named.add(n);
    const missing = Object.entries(api)
      .filter(([name, v]) => typeof v === 'function' && !(name in NOT_FUZZED))
      .map(([name]) => name)
      .filter((name) => !named.has(name));
    expect(missing).toEqual([]);
  });
});
