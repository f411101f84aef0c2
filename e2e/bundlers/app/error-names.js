// Every error class the packages export, constructed as a library would throw it: after
// minification each must still be named as its class is exported (minifiers rename classes).
import { ArgumentError, DTypeError, KernelLoadError, NeuriteError, OutOfMemoryError, ShapeError, ThreadPoolError } from '@neurite/kernels';
import { FitAbortedError } from '@neurite/ml';
import { ModelLoadError, ModelSaveError, ModulePathError, OptimizerStepError } from '@neurite/nn';
import { DisposedError, LinalgError, NonFiniteError, NotFittedError, NotInitializedError } from '@neurite/tensor';
import { DisallowedSpecialTokenError, TokenizerArgumentError, TokenizerCancelledError, TokenizerFileError } from '@neurite/tokenizers';
import { JobCancelledError, JobUnavailableError, WorkerArgumentError, WorkerJobError, WorkerTerminatedError } from '@neurite/worker';

const usage = { liveBytes: 0, liveBlocks: 0, freeBytes: 0, largestFreeBytes: 0 };
const ERRORS = {
  NeuriteError: [NeuriteError, 'message', 'CODE'],
  ShapeError: [ShapeError, 'message'],
  ArgumentError: [ArgumentError, 'message'],
  DTypeError: [DTypeError, 'message'],
  OutOfMemoryError: [OutOfMemoryError, 16, 64, 64, usage],
  KernelLoadError: [KernelLoadError, 'message'],
  ThreadPoolError: [ThreadPoolError, 'message'],
  DisposedError: [DisposedError, 'what'],
  NonFiniteError: [NonFiniteError, 'what', 0, Number.NaN],
  NotInitializedError: [NotInitializedError, 'what'],
  NotFittedError: [NotFittedError, 'what'],
  LinalgError: [LinalgError, 'message'],
  ModelLoadError: [ModelLoadError, 'FILE_TOO_SHORT', 'message'],
  ModelSaveError: [ModelSaveError, 'message'],
  ModulePathError: [ModulePathError, 'a.b', 'b', 'reason'],
  OptimizerStepError: [OptimizerStepError, 'message'],
  FitAbortedError: [FitAbortedError, 'what'],
  TokenizerFileError: [TokenizerFileError, 'bad-syntax', 'file', 'message'],
  DisallowedSpecialTokenError: [DisallowedSpecialTokenError, '<|endoftext|>', 0],
  TokenizerArgumentError: [TokenizerArgumentError, 'argument', 'message'],
  TokenizerCancelledError: [TokenizerCancelledError, 'merges', 0],
  WorkerTerminatedError: [WorkerTerminatedError, 'terminated'],
  WorkerJobError: [WorkerJobError, 'train', 'ShapeError', 'message'],
  JobCancelledError: [JobCancelledError, 'train'],
  JobUnavailableError: [JobUnavailableError, 'train', 'why'],
  WorkerArgumentError: [WorkerArgumentError, 'field', 'problem'],
};

/** The error classes whose instances are not named as exported: `[exported name, instance name]`. */
export function misnamedErrors() {
  const wrong = [];
  for (const [name, [Class, ...args]] of Object.entries(ERRORS)) {
    const error = new Class(...args);
    if (error.name !== name || !(error instanceof Error) || !String(error.stack).startsWith(name)) wrong.push([name, error.name]);
  }
  return { checked: Object.keys(ERRORS).length, wrong };
}
