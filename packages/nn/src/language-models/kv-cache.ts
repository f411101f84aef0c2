// The key/value cache of incremental decoding: for each layer, the keys and values of every position
// seen so far ([B, T, H, D], kept tensors), so a new token attends to them without recomputing them.
import { concat, keep, type Tensor } from '@neurite/tensor';

/** Keys and values of every layer for the positions seen so far (batch-first, [B, T, Hkv, D]). */
export class KeyValueCache {
  readonly keys: (Tensor | undefined)[];
  readonly values: (Tensor | undefined)[];
  length = 0;

  constructor(readonly layers: number) {
    this.keys = new Array(layers).fill(undefined);
    this.values = new Array(layers).fill(undefined);
  }

  /** Appends one layer's new keys and values; returns the full ones. */
  append(layer: number, k: Tensor, v: Tensor): [Tensor, Tensor] {
    const oldK = this.keys[layer], oldV = this.values[layer];
    const fullK = keep(oldK ? concat([oldK, k], 1) : k.detach());
    const fullV = keep(oldV ? concat([oldV, v], 1) : v.detach());
    oldK?.dispose();
    oldV?.dispose();
    this.keys[layer] = fullK;
    this.values[layer] = fullV;
    return [fullK, fullV];
  }

  dispose(): void {
    for (const t of [...this.keys, ...this.values]) t?.dispose();
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.length = 0;
  }
}

