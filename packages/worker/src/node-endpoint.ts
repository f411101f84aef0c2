/**
 * Comlink's worker_threads adapter, typed here. comlink ships it without a declaration that NodeNext
 * or bundler resolution can use, so the import is untyped on purpose (ts-ignore rather than
 * ts-expect-error: whether it errors depends on the consumer's noImplicitAny).
 */
import type { Endpoint } from 'comlink';
// @ts-ignore -- see above
import untypedNodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

/** The parts of a worker_threads Worker or MessagePort the adapter uses. */
export interface NodeMessageTarget {
  postMessage(value: unknown, transfer?: readonly unknown[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
  start?: () => void;
}

export const nodeEndpoint = untypedNodeEndpoint as (target: NodeMessageTarget) => Endpoint;
