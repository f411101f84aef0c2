// A model's fused decoder kept between generate() calls. Making one per call allocates its key/value
// cache and work blocks and checks every weight again (on stories260K ~0.2-0.3 ms, about 1 us per
// token of a 256-token generation); a kept decoder only starts a new sequence (its position back to 0:
// a step reads the cache only up to its own position, so what an earlier sequence left there is
// never read). It is reused only for the same capacity and the very same weight tensors (the caller
// finds them again on each call, so a replaced or wrapped module never meets an old decoder).
import { ArgumentError } from '@neurite/tensor';
import type { IncrementalDecoder } from './generation.ts';

/** A fused decoder that can start a new sequence. */
export interface ReusableDecoder extends IncrementalDecoder {
  reset(): void;
  readonly isDisposed: boolean;
}

interface Kept<D> {
  decoder: D;
  key: readonly unknown[];
  lent: boolean;
}

const sameKey = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Holds at most one idle decoder; lends it to one sequence at a time. */
export class SpareDecoder<D extends ReusableDecoder> {
  private kept: Kept<D> | undefined;

  /**
   * A decoder for `key` (compared element by element with ===; e.g. the capacity and the weight
   * tensors): the kept one when it is idle and made for the same key, otherwise one from `make()`
   * (kept for later calls unless the kept one is lent at the moment). The result's dispose() hands a
   * kept decoder back instead of freeing it; `weightBytes` are the bytes of weights a step reads.
   * With `keep` false the result is a new decoder that its dispose() frees (a large cache is not held
   * between calls).
   */
  borrow(key: readonly unknown[], weightBytes: number, make: () => D, keep = true): IncrementalDecoder {
    if (!keep) return lend(make(), weightBytes, () => undefined);
    let entry = this.kept;
    if (entry !== undefined && !entry.lent && (entry.decoder.isDisposed || !sameKey(entry.key, key))) {
      entry.decoder.dispose();
      entry = this.kept = undefined;
    }
    if (entry?.lent === true) return lend(make(), weightBytes, () => undefined); // a second sequence at once: its own decoder
    if (entry === undefined) entry = this.kept = { decoder: make(), key, lent: false };
    else entry.decoder.reset();
    entry.lent = true;
    const held = entry;
    return lend(held.decoder, weightBytes, () => {
      held.lent = false;
      return this.kept === held ? held.decoder : undefined;
    });
  }

  /** Frees the kept decoder (a lent one is freed when its borrower disposes it). */
  dispose(): void {
    const entry = this.kept;
    this.kept = undefined;
    if (entry !== undefined && !entry.lent) entry.decoder.dispose();
  }
}

/** `decoder` behind an IncrementalDecoder whose dispose() frees it unless `handBack()` keeps it. */
function lend<D extends ReusableDecoder>(decoder: D, weightBytes: number, handBack: () => D | undefined): IncrementalDecoder {
  let live: D | undefined = decoder;
  const use = (): D => {
    if (live === undefined) throw new ArgumentError('generate: a fused decoder used after dispose()');
    return live;
  };
  return {
    weightBytes,
    step: (token) => use().step(token),
    greedy: decoder.greedy === undefined ? undefined : (token, count) => use().greedy!(token, count),
    loadCache: decoder.loadCache === undefined ? undefined : (keys, values) => use().loadCache!(keys, values),
    dispose: () => {
      if (live === undefined) return;
      const d = live;
      live = undefined;
      if (handBack() !== d) d.dispose();
    },
  };
}
