/**
 * Token byte strings by id, with an open-addressing hash from bytes to id.
 * Ids may be sparse: an id with no token has length 0 (every token has at least one byte).
 */

const EMPTY = -1;

/** FNV-1a over bytes[start, end). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export class TokenTable {
  /** All token bytes, concatenated in id order. */
  readonly bytes: Uint8Array;
  /** Token id -> start in `bytes`; starts[id + 1] - starts[id] is its length (0: no such id). */
  readonly starts: Uint32Array;
  /** Number of ids that have a token. */
  readonly size: number;
  /** Single byte value -> id, or -1. */
  readonly byteToId: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  /**
   * `bytes`/`starts` as described above. Throws (returns the conflicting ids via `onDuplicate`)
   * when two ids share the same bytes.
   */
  constructor(bytes: Uint8Array, starts: Uint32Array, onDuplicate: (id: number, previous: number) => never) {
    this.bytes = bytes;
    this.starts = starts;
    const idCount = starts.length - 1;
    let size = 0;
    for (let id = 0; id < idCount; id++) if (starts[id + 1]! > starts[id]!) size++;
    this.size = size;
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    this.byteToId = new Int32Array(256).fill(EMPTY);
    for (let id = 0; id < idCount; id++) {
      const s = starts[id]!;
      const e = starts[id + 1]!;
      if (e === s) continue;
      let slot = hashBytes(bytes, s, e) & this.mask;
      for (;;) {
        const other = this.slots[slot]!;
        if (other === EMPTY) break;
        if (this.equals(other, bytes, s, e)) onDuplicate(id, other);
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = id;
      if (e - s === 1) this.byteToId[bytes[s]!] = id;
    }
  }

  /** Number of ids (one more than the largest id). */
  get idCount(): number {
    return this.starts.length - 1;
  }

  length(id: number): number {
    return this.starts[id + 1]! - this.starts[id]!;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.starts.length - 1 && this.starts[id + 1]! > this.starts[id]!;
  }

  /** The bytes of token `id` (a view, do not modify). */
  tokenBytes(id: number): Uint8Array {
    return this.bytes.subarray(this.starts[id]!, this.starts[id + 1]!);
  }

  /** Id of the token whose bytes are src[start, end), or -1. */
  lookup(src: Uint8Array, start: number, end: number): number {
    let slot = hashBytes(src, start, end) & this.mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id === EMPTY) return -1;
      if (this.equals(id, src, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private equals(id: number, src: Uint8Array, start: number, end: number): boolean {
    const s = this.starts[id]!;
    if (this.starts[id + 1]! - s !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) if (bytes[s + i] !== src[start + i]) return false;
    return true;
  }
}
