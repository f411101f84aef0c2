/**
 * The worker side: `exposeNeuriteWorker()` serves every job over Comlink on the worker's own
 * endpoint (a Web Worker's global scope, or worker_threads' parentPort in Node), then announces
 * that it is ready. Libraries are loaded lazily by the first job that needs them.
 */
import * as Comlink from 'comlink';
import { nodeEndpoint } from './node-endpoint.ts';
import { detectFeatures } from '@neurite/kernels';
import { LAYER_TYPES } from '@neurite/nn';
import { WorkerArgumentError } from './errors.ts';
import { JobContext } from './job-context.ts';
import { serializeError } from './remote-error.ts';
import { JOB_HANDLERS, type JobResult } from './jobs/registry.ts';
import { threadsStatus } from './jobs/kernel-benchmark.ts';
import { configureTraining, trainingThreads } from './jobs/model-store.ts';
import {
  isHelloMessage,
  JOB_NAMES,
  type JobControl,
  type JobName,
  type JobOutcome,
  PROTOCOL_VERSION,
  type ReadyMessage,
  type WorkerEndpointApi,
  type WorkerInfo,
} from './protocol.ts';

export interface ExposeOptions {
  /** Where to listen; default: the Web Worker scope, or `parentPort` of worker_threads. */
  endpoint?: Comlink.Endpoint;
  /**
   * Threads for the kernels of train(), predict() and the other model jobs. 'auto' (default): 2
   * where threads are available (Node; browsers when cross-origin isolated), else 1. A number
   * asks for that many; without shared memory the worker trains on one thread. The first model job
   * fixes it for the worker's lifetime (every model lives on that backend).
   */
  trainingThreads?: number | 'auto';
}

function isNodeRuntime(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';
}

function defaultEndpoint(): Comlink.Endpoint {
  if (!isNodeRuntime()) return globalThis as unknown as Comlink.Endpoint;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const threads = proc?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
  if (threads?.parentPort == null) {
    throw new WorkerArgumentError('exposeNeuriteWorker: endpoint', 'was not given and this is not a worker thread; expected to run inside a worker');
  }
  return nodeEndpoint(threads.parentPort);
}

function toOutcome(error: unknown): JobOutcome<never> {
  return { ok: false, ...serializeError(error) };
}

/** Serves the Neurite jobs on this worker's endpoint. Call once, at the top of the worker module. */
export function exposeNeuriteWorker(options: ExposeOptions = {}): void {
  configureTraining(options.trainingThreads ?? 'auto');
  const endpoint = options.endpoint ?? defaultEndpoint();
  const runtime = isNodeRuntime() ? 'node' : 'browser';
  const running = new Map<number, JobContext<unknown>>();

  const api: WorkerEndpointApi = {
    async info(): Promise<WorkerInfo> {
      const features = detectFeatures();
      const jobs = Object.fromEntries(JOB_NAMES.map((name) => [name, JOB_HANDLERS[name].available])) as Record<JobName, boolean>;
      return {
        protocol: PROTOCOL_VERSION,
        runtime,
        crossOriginIsolated: runtime === 'node' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
        simd: features.simd,
        relaxedSimd: features.relaxedSimd,
        threads: threadsStatus(),
        trainingThreads: trainingThreads(),
        jobs,
        trainableLayers: [...LAYER_TYPES],
      };
    },
    async run(job: JobName, request: unknown, control: JobControl): Promise<JobOutcome<unknown>> {
      const handler = JOB_HANDLERS[job];
      const context = new JobContext<unknown>(job, control);
      running.set(control.id, context);
      try {
        if (handler === undefined) throw new WorkerArgumentError('job', `is ${JSON.stringify(job)}; expected one of ${JOB_NAMES.join(', ')}`);
        context.throwIfCancelled();
        const result: JobResult<unknown> = await handler.run(request as never, context as never);
        await context.flush();
        // A progress callback that cancelled has returned by now: the job does not resolve.
        context.throwIfCancelled();
        return Comlink.transfer({ ok: true, value: result.value }, result.transfer);
      } catch (error) {
        await context.flush().catch(() => undefined);
        return toOutcome(error);
      } finally {
        context.release();
        running.delete(control.id);
      }
    },
    cancel(jobId: number): void {
      running.get(jobId)?.abort();
    },
  };

  Comlink.expose(api, endpoint);
  const ready: ReadyMessage = { neuriteWorker: 'ready', protocol: PROTOCOL_VERSION };
  endpoint.addEventListener('message', ((event: MessageEvent) => {
    if (isHelloMessage(event.data)) endpoint.postMessage(ready);
  }) as EventListener);
  endpoint.postMessage(ready);
}
