// Errors cross the worker boundary as their own class, found by name: the round trip here is the one
// a job's error makes (serialize in the worker, structured clone, rebuild in the client).
import { KernelLoadError } from '@neurite/kernels';
import { ModelLoadError } from '@neurite/nn';
import { NeuriteError, NonFiniteError, ShapeError } from '@neurite/tensor';
import { TokenizerFileError } from '@neurite/tokenizers';
import { describe, expect, it } from 'vitest';
import { JobCancelledError, WorkerArgumentError, WorkerJobError } from './errors.ts';
import { type ErrorClassSource, rebuildError, serializeError } from './remote-error.ts';

function roundTrip(error: unknown, sources?: readonly ErrorClassSource[]): Promise<Error> {
  return rebuildError('job', structuredClone(serializeError(error)), sources);
}

describe('errors across the worker boundary', () => {
  it.each([
    ['NonFiniteError (tensor)', new NonFiniteError('data.x', 5, NaN), NonFiniteError, 'NON_FINITE'],
    ['ShapeError (kernels, re-exported by tensor)', new ShapeError('x has shape [2]; expected [3]'), ShapeError, 'SHAPE'],
    ['ModelLoadError (nn)', new ModelLoadError('SIZE_MISMATCH', 'weight: 12 bytes; expected 16'), ModelLoadError, 'SIZE_MISMATCH'],
    ['TokenizerFileError (tokenizers)', new TokenizerFileError('bad-syntax', 'vocab.json', 'not JSON', 3), TokenizerFileError, 'bad-syntax'],
    ['KernelLoadError (kernels)', new KernelLoadError('kernels.wasm: HTTP 404'), KernelLoadError, 'KERNEL_LOAD'],
    ['WorkerArgumentError (worker)', new WorkerArgumentError('epochs', 'is 0; expected an integer in 1..10000'), WorkerArgumentError, 'WORKER_ARGUMENT'],
    ['JobCancelledError (worker)', new JobCancelledError('train'), JobCancelledError, 'JOB_CANCELLED'],
  ] as const)('%s comes back as its own class with its name, code, message and fields', async (_, original, type, code) => {
    const rebuilt = await roundTrip(original);
    expect(rebuilt).toBeInstanceOf(type);
    expect(rebuilt.name).toBe(original.name);
    expect(rebuilt.message).toBe(original.message);
    expect((rebuilt as { code?: string }).code).toBe(code);
    for (const [key, value] of Object.entries(original)) if (typeof value !== 'object') expect((rebuilt as unknown as Record<string, unknown>)[key], key).toEqual(value);
    expect(rebuilt.stack).toContain(`<job in the worker>`);
  });

  it('keeps a NonFiniteError index and a TokenizerFileError file and line', async () => {
    expect(((await roundTrip(new NonFiniteError('x', 41, Infinity))) as NonFiniteError).index).toBe(41);
    const file = (await roundTrip(new TokenizerFileError('bad-merge', 'merges.txt', 'one token', 7))) as TokenizerFileError;
    expect([file.file, file.line]).toEqual(['merges.txt', 7]);
  });

  it('rebuilds standard errors (an error thrown by a progress callback, say) as their class', async () => {
    const rebuilt = await roundTrip(new TypeError('not a function'));
    expect(rebuilt).toBeInstanceOf(TypeError);
    expect(rebuilt.message).toBe('not a function');
  });

  it('finds a class a library adds later by its export name (an nn InvalidArgumentError, say)', async () => {
    class InvalidArgumentError extends NeuriteError {
      readonly argument: string;
      constructor(argument: string, message: string) {
        super(`${argument}: ${message}`, 'INVALID_ARGUMENT');
        this.argument = argument;
      }
    }
    const later: ErrorClassSource = async () => ({ InvalidArgumentError });
    const broken: ErrorClassSource = () => Promise.reject(new Error('chunk failed to load'));
    const rebuilt = await roundTrip(new InvalidArgumentError('dim', 'is 3; expected 0..1'), [broken, later]);
    expect(rebuilt).toBeInstanceOf(InvalidArgumentError);
    expect(rebuilt).toBeInstanceOf(NeuriteError);
    expect((rebuilt as InvalidArgumentError).code).toBe('INVALID_ARGUMENT');
    expect((rebuilt as InvalidArgumentError).argument).toBe('dim');
    expect(rebuilt.message).toBe('dim: is 3; expected 0..1');
  });

  it('turns a name no library exports into a WorkerJobError that keeps the name and code', async () => {
    const strange = Object.assign(new Error('odd'), { name: 'StrangeError', code: 'STRANGE' });
    const rebuilt = await roundTrip(strange, []);
    expect(rebuilt).toBeInstanceOf(WorkerJobError);
    expect((rebuilt as WorkerJobError).remoteName).toBe('StrangeError');
    expect((rebuilt as WorkerJobError).remoteCode).toBe('STRANGE');
    // An export that is not an error class is never used.
    const notAClass = await roundTrip(Object.assign(new Error('x'), { name: 'version' }), [async () => ({ version: '1.0' })]);
    expect(notAClass).toBeInstanceOf(WorkerJobError);
    // Thrown non-errors keep their text.
    expect((await roundTrip('plain string', [])).message).toBe('plain string');
  });
});
