// scikit-learn's figures for the ml suites (ml-linear-neighbors, ml-svm, ml-trees), each measured
// by a Python script beside its suite that writes a JSON file under results/. When
// NEURITE_BENCH_PYTHON names a Python with scikit-learn, the script runs now, in the suite's run
// and before Neurite's cases, with BLAS and OpenMP held to one thread; otherwise the last figures on
// file are read and marked as such (CI runs no Python).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The figures in `file` (a URL), after running `script` (a URL) when NEURITE_BENCH_PYTHON is set;
 * null when there are none. `sameRun` says whether they were measured in this run.
 */
export function sklearnFigures(script, file) {
  const python = process.env.NEURITE_BENCH_PYTHON;
  if (python) {
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const ran = spawnSync(python, [fileURLToPath(script)], { stdio: 'inherit', env });
    if (ran.status !== 0) throw new Error(`${fileURLToPath(script)} failed (exit ${ran.status})`);
  }
  return existsSync(file) ? { ...JSON.parse(readFileSync(file, 'utf8')), sameRun: Boolean(python) } : null;
}

/** How a row's note says where scikit-learn's figures come from. */
export function sklearnProvenance(figures) {
  return figures.sameRun ? 'measured in this run' : `from the file, measured ${figures.measured_at}`;
}
