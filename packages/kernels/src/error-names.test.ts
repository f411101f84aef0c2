import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError, KernelLoadError, NeuriteError, OutOfMemoryError, ShapeError, ThreadPoolError } from './index.ts';

describe('error names', () => {
  it('each class spells its own name (minifiers rename classes)', () => {
    const usage = { liveBytes: 0, liveBlocks: 0, freeBytes: 0, largestFreeBytes: 0 };
    const errors: [string, Error][] = [
      ['NeuriteError', new NeuriteError('m', 'CODE')],
      ['ShapeError', new ShapeError('m')],
      ['ArgumentError', new ArgumentError('m')],
      ['DTypeError', new DTypeError('m')],
      ['OutOfMemoryError', new OutOfMemoryError(16, 64, 64, usage)],
      ['KernelLoadError', new KernelLoadError('m')],
      ['ThreadPoolError', new ThreadPoolError('m')],
    ];
    for (const [name, error] of errors) {
      expect(error.name).toBe(name);
      expect(String(error.stack).startsWith(`${name}: `)).toBe(true);
      expect(error).toBeInstanceOf(NeuriteError);
    }
  });

  it('a subclass written elsewhere is named by its class', () => {
    class CustomError extends NeuriteError {
      constructor() {
        super('custom', 'CUSTOM');
      }
    }
    expect(new CustomError().name).toBe('CustomError');
  });
});
