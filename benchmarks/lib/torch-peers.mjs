// PyTorch as a peer, on one CPU thread, from every Python with torch this machine has: each entry of
// NEURITE_TORCH_PYTHON (separated like PATH's entries, so a pip wheel and a distribution's build can be
// measured in one run), then `python3` and Debian's /usr/bin/python3 (python3-torch with OpenBLAS,
// the training-speed issue's peer), each interpreter once.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { delimiter } from 'node:path';

function torchPythons() {
  const listed = (process.env.NEURITE_TORCH_PYTHON ?? '').split(delimiter).filter((p) => p !== '');
  const seen = new Set();
  return [...listed, 'python3', '/usr/bin/python3'].filter((p) => {
    let key = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', p]).stdout?.toString().trim() || p;
    try { key = realpathSync(key); } catch { /* not a file: keep the name */ }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Runs `script` (a URL) with `args` and `input` on stdin under each Python (one thread), parses the
 * last line of its output as JSON, and keeps one run per `implOf(out)` (a torch build found twice runs
 * once in the results). Returns [{ impl, out, python }]; a Python without torch gets a note when `verbose`.
 */
export function torchPeerRuns(script, args, input, implOf, verbose = true) {
  const runs = [];
  for (const python of torchPythons()) {
    const r = spawnSync(python, [script.pathname, ...args], {
      input, maxBuffer: 1 << 20, env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    });
    if (r.status !== 0) {
      const why = (r.stderr ?? '').toString().trim().split('\n').at(-1) || r.error?.message;
      if (verbose) console.log(`  (no PyTorch peer from ${python}: ${why}; NEURITE_TORCH_PYTHON names Pythons with torch)`);
      continue;
    }
    const out = JSON.parse(r.stdout.toString().trim().split('\n').at(-1));
    const impl = implOf(out);
    if (runs.some((p) => p.impl === impl)) continue;
    runs.push({ impl, out, python });
  }
  return runs;
}
