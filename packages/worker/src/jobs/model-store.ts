/**
 * The models of this worker and the libraries they run on: nn and tensor are imported lazily, on the
 * first model job, which also picks the worker's one tensor backend (threaded where it can: see
 * trainingThreads()). Trained or loaded models are kept by id for predict() and weights().
 */
import type * as NN from '@neurite/nn';
import { WorkerArgumentError } from '../errors.ts';
import { threadsStatus } from './kernel-benchmark.ts';
import type { TensorErrors } from './train-data.ts';
import type { ModelSpec } from './train-types.ts';

export interface StoredModel {
  model: NN.Module;
  spec: ModelSpec;
  classifier: boolean;
}

/** Trained or loaded models of this worker; the oldest is disposed beyond this many. */
const MAX_MODELS = 4;
const models = new Map<string, StoredModel>();
let nextModel = 0;

/** What exposeNeuriteWorker() asked for: threads for the tensors of training and prediction. */
let requestedThreads: number | 'auto' = 'auto';
/** The backend every model of this worker lives on, created by the first job that needs one. */
let training: Promise<Libraries> | undefined;

export interface Libraries {
  nn: typeof NN;
  errors: TensorErrors;
  threads: number;
}

/** @internal Set by exposeNeuriteWorker() before any job runs. */
export function configureTraining(threads: number | 'auto'): void {
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new WorkerArgumentError('exposeNeuriteWorker: trainingThreads', `is ${String(threads)}; expected 'auto' or an integer in 1..64`);
  }
  requestedThreads = threads;
}

/** The thread count training will use here: 'auto' is 2 where threads are available, else 1. */
export function trainingThreads(): number {
  if (!threadsStatus().available) return 1;
  return requestedThreads === 'auto' ? 2 : requestedThreads;
}

/**
 * nn, with tensor initialised on this worker's one backend: the threaded kernels (GEMM,
 * convolutions, softmax, elementwise ops and optimizer steps split across threads) when trainingThreads() > 1,
 * else the single-threaded ones. If the threaded backend cannot start, training runs on one thread.
 */
export function libraries(): Promise<Libraries> {
  training ??= startTraining().catch((error: unknown) => {
    training = undefined; // let the next job try again
    throw error;
  });
  return training;
}

async function startTraining(): Promise<Libraries> {
  const [nn, tensor] = await Promise.all([import('@neurite/nn'), import('@neurite/tensor')]);
  const errors: TensorErrors = { NonFiniteError: tensor.NonFiniteError, ShapeError: tensor.ShapeError };
  const threads = trainingThreads();
  if (threads > 1) {
    try {
      await tensor.init({ threads });
      return { nn, errors, threads };
    } catch {
      // No shared memory of that size, or a worker could not start: one thread still trains.
    }
  }
  await tensor.init();
  return { nn, errors, threads: 1 };
}

export function store(entry: StoredModel): string {
  const id = `model-${++nextModel}`;
  models.set(id, entry);
  for (const [oldId, old] of models) {
    if (models.size <= MAX_MODELS) break;
    old.model.dispose();
    models.delete(oldId);
  }
  return id;
}

export function storedModel(id: string): StoredModel {
  const entry = models.get(id);
  if (entry === undefined) throw new WorkerArgumentError('modelId', `is ${JSON.stringify(id)}; expected a model trained or loaded in this worker (${[...models.keys()].join(', ') || 'none yet'})`);
  return entry;
}
