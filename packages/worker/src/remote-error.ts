/**
 * Errors across the worker boundary. The worker sends an error's name, message, code, stack and its
 * own primitive fields (NonFiniteError's `index`, TokenizerFileError's `file` and `line`, ...); the
 * client rebuilds it as the same class, found by name among the worker runtime's errors, the
 * standard ones and the exports of the Neurite libraries the worker runs (loaded lazily, on the
 * first error that needs them). Any NeuriteError subclass a library exports, today or later, comes
 * back as itself with no change here; a name no library exports becomes a WorkerJobError that keeps
 * the original name and code.
 */
import { KernelLoadError, NeuriteError } from '@neurite/kernels';
import * as workerErrors from './errors.ts';
import { WorkerJobError } from './errors.ts';

/** What crosses the boundary for a failed job. Every field survives structured cloning. */
export interface RemoteError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  /** The error's own string, number and boolean properties (besides name, message, code and stack). */
  fields?: Record<string, string | number | boolean>;
}

const OWN_KEYS = new Set(['name', 'message', 'code', 'stack', 'cause']);

/** Worker side: the cloneable description of `error`. */
export function serializeError(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: RemoteError = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') out.code = code;
  if (typeof error.stack === 'string') out.stack = error.stack;
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (OWN_KEYS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  if (Object.keys(fields).length > 0) out.fields = fields;
  return out;
}

/** A module namespace (or any object) whose error classes are found by export name. */
export type ErrorClassSource = () => Promise<Record<string, unknown>>;

/**
 * The libraries a job may throw from; a bundler puts each in a chunk loaded only on such an error.
 * Tensor re-exports the kernels' ShapeError, DTypeError and OutOfMemoryError; KernelLoadError is
 * imported by name below instead, because the client already imports the kernels package statically
 * and a dynamic import of it would keep all of it in the main bundle. (ThreadPoolError stays a
 * WorkerJobError with its name and code: importing it would bring the thread pool into that bundle.)
 */
export const LIBRARY_ERROR_SOURCES: readonly ErrorClassSource[] = [
  () => import('@neurite/tensor'),
  () => import('@neurite/nn'),
  () => import('@neurite/tokenizers'),
];

const KERNEL_ERRORS: Record<string, unknown> = { NeuriteError, KernelLoadError };


const STANDARD_ERRORS: Record<string, unknown> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

type ErrorClass = new (message?: string) => Error;

function errorClass(candidate: unknown): ErrorClass | undefined {
  if (typeof candidate !== 'function') return undefined;
  const prototype = (candidate as { prototype?: unknown }).prototype;
  return candidate === Error || prototype instanceof Error ? (candidate as ErrorClass) : undefined;
}

/** The error class `exports` has under `name` (own exports only: never Object.prototype's members). */
function exportedClass(exports: Record<string, unknown>, name: string): ErrorClass | undefined {
  return Object.hasOwn(exports, name) ? errorClass(exports[name]) : undefined;
}

async function findClass(name: string, sources: readonly ErrorClassSource[]): Promise<ErrorClass | undefined> {
  for (const known of [workerErrors as Record<string, unknown>, STANDARD_ERRORS, KERNEL_ERRORS]) {
    const found = exportedClass(known, name);
    if (found !== undefined) return found;
  }
  for (const source of sources) {
    let exports: Record<string, unknown>;
    try {
      exports = await source();
    } catch {
      continue; // a chunk that cannot load: fall back to WorkerJobError
    }
    const found = exportedClass(exports, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Client side: `remote` rebuilt as an instance of its own class (without running its constructor,
 * whose parameters differ from class to class), with the same name, message, code and fields; its
 * stack is the worker's, followed by the caller's frames.
 */
export async function rebuildError(job: string, remote: RemoteError, sources: readonly ErrorClassSource[] = LIBRARY_ERROR_SOURCES): Promise<Error> {
  const found = typeof remote.name === 'string' && remote.name !== '' ? await findClass(remote.name, sources) : undefined;
  if (found === undefined) return new WorkerJobError(job, String(remote.name), remote.message, remote.code);
  const error = Reflect.construct(Error, [remote.message], found) as Error & Record<string, unknown>;
  Object.assign(error, remote.fields ?? {});
  Object.defineProperty(error, 'name', { value: remote.name, writable: true, enumerable: true, configurable: true });
  if (remote.code !== undefined) Object.defineProperty(error, 'code', { value: remote.code, writable: true, enumerable: true, configurable: true });
  const caller = error.stack?.split('\n').slice(1).join('\n') ?? '';
  error.stack = `${remote.stack ?? `${remote.name}: ${remote.message}`}\n    at <${job} in the worker>\n${caller}`;
  return error;
}
