// The Neurite kernel backends a suite compares, keyed by the `impl` names of the results:
// `neurite` (plain SIMD), `neurite-relaxed` (relaxed SIMD, when the engine validates it) and, with
// `threads`, `neurite-2t` / `neurite-relaxed-2t`: the threaded builds with 2 threads (the caller and
// one worker on a shared memory; small calls stay on the calling thread there).
import { detectFeatures, loadBackend } from '@neurite/kernels';

export async function neuriteBackends({ threads = false } = {}) {
  const relaxed = detectFeatures().relaxedSimd;
  const backends = { neurite: await loadBackend({ variant: 'simd' }) };
  if (relaxed) backends['neurite-relaxed'] = await loadBackend({ variant: 'relaxed' });
  if (threads) {
    backends['neurite-2t'] = await loadBackend({ variant: 'simd', threads: 2 });
    if (relaxed) backends['neurite-relaxed-2t'] = await loadBackend({ variant: 'relaxed', threads: 2 });
  }
  return backends;
}

/** Prints what the split gate of each threaded backend measured and how its splits did (one line per kernel). */
export function printSplitGates(backends) {
  for (const [impl, backend] of Object.entries(backends)) {
    for (const line of backend.pool?.gate?.report() ?? []) console.log(`  (${impl} split gate: ${line})`);
  }
}

/** Ends the workers of the threaded backends (a suite's last step), after printing their split gates. */
export async function disposeBackends(backends) {
  printSplitGates(backends);
  for (const backend of Object.values(backends)) await backend.dispose?.();
}
