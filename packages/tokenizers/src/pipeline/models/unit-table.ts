/**
 * An open-addressing hash table from token strings to ids that is probed with a range of another
 * string (optionally behind a fixed prefix such as '##'), so lookups allocate no substrings.
 * Hash: FNV-1a over UTF-16 units.
 */
const EMPTY = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state after the units of text[start, end), continuing from `state`. */
export function hashUnits(text: string, start: number, end: number, state = FNV_OFFSET): number {
  let h = state;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

export class UnitTable {
  private readonly tokens: string[] = [];
  private readonly ids: number[] = [];
  private readonly slots: Int32Array;
  private readonly slotHashes: Uint32Array;
  private readonly mask: number;

  constructor(vocab: ReadonlyMap<string, number>) {
    let capacity = 16;
    while (capacity < vocab.size * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.slotHashes = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (const [token, id] of vocab) {
      const h = hashUnits(token, 0, token.length);
      let slot = h & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = this.tokens.length;
      this.slotHashes[slot] = h;
      this.tokens.push(token);
      this.ids.push(id);
    }
  }

  /**
   * Id of the token equal to prefix + text[start, end), or -1. `hash` is hashUnits of that
   * string (e.g. continued from the prefix's state).
   */
  find(hash: number, prefix: string, text: string, start: number, end: number): number {
    const length = prefix.length + end - start;
    let slot = hash & this.mask;
    for (;;) {
      const index = this.slots[slot]!;
      if (index === EMPTY) return -1;
      if (this.slotHashes[slot] === hash) {
        const token = this.tokens[index]!;
        if (token.length === length && matches(token, prefix, text, start, end)) return this.ids[index]!;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

function matches(token: string, prefix: string, text: string, start: number, end: number): boolean {
  const p = prefix.length;
  for (let i = 0; i < p; i++) if (token.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  for (let i = start; i < end; i++) if (token.charCodeAt(p + i - start) !== text.charCodeAt(i)) return false;
  return true;
}
