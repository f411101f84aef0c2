/** One array holding `parts` in order, in a fresh buffer (safe to transfer). */
export function concatArrays<T extends Uint32Array | Float32Array>(parts: readonly T[], create: (length: number) => T): T {
  const out = create(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
