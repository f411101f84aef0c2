/**
 * Adapts a browser Worker or a Node worker_threads Worker to one shape: a Comlink endpoint, a way to
 * terminate, and death notifications (uncaught error, exit, out of memory, undeliverable message).
 */
import type { Endpoint } from 'comlink';
import { nodeEndpoint } from './node-endpoint.ts';
import type { TerminationReason } from './errors.ts';

/** The parts of a browser `Worker` the client uses. */
export interface BrowserWorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
  terminate(): void;
}

/** The parts of a Node `worker_threads.Worker` the client uses. */
export interface NodeWorkerLike {
  readonly threadId: number;
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  terminate(): Promise<number> | void;
}

export type WorkerLike = BrowserWorkerLike | NodeWorkerLike;

export interface AttachedTarget {
  readonly endpoint: Endpoint;
  readonly runtime: 'browser' | 'node';
  /** Stops the worker; safe to call twice. */
  terminate(): void;
  /** Removes the death listeners. */
  detach(): void;
}

export type DeathListener = (reason: TerminationReason, detail: string, cause?: unknown) => void;

function isNodeWorker(target: WorkerLike): target is NodeWorkerLike {
  return typeof (target as NodeWorkerLike).on === 'function' && typeof (target as NodeWorkerLike).threadId === 'number';
}

export function attachTarget(target: WorkerLike, onDeath: DeathListener): AttachedTarget {
  if (isNodeWorker(target)) {
    const onError = (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      const reason = code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'error';
      onDeath(reason, error instanceof Error ? error.message : String(error), error);
    };
    const onExit = (exitCode: number) => onDeath('exit', `exit code ${exitCode}`);
    const onMessageError = (error: unknown) => onDeath('message-error', String(error), error);
    target.on('error', onError);
    target.on('exit', onExit);
    target.on('messageerror', onMessageError);
    return {
      endpoint: nodeEndpoint(target as never),
      runtime: 'node',
      terminate: () => {
        // terminate() resolves with the exit code; a second call on a dead worker is harmless.
        void Promise.resolve(target.terminate()).catch(() => undefined);
      },
      detach: () => {
        target.off('error', onError);
        target.off('exit', onExit);
        target.off('messageerror', onMessageError);
      },
    };
  }
  const onError = (event: { message?: string; error?: unknown; preventDefault?: () => void }) => {
    event.preventDefault?.();
    onDeath('error', event.message ?? 'uncaught error or failed to load', event.error);
  };
  const onMessageError = () => onDeath('message-error', 'a message from the worker could not be deserialized');
  target.addEventListener('error', onError);
  target.addEventListener('messageerror', onMessageError);
  return {
    endpoint: target as unknown as Endpoint,
    runtime: 'browser',
    terminate: () => target.terminate(),
    detach: () => {
      target.removeEventListener('error', onError);
      target.removeEventListener('messageerror', onMessageError);
    },
  };
}
