// The worker's part of the test app: loads the kernels (2 threads on a shared memory when the page
// is cross-origin isolated), checks a GEMM large enough to be split across the thread pool against
// a plain loop, and reports a typed error thrown in the worker.
import { init, matmul, rand, ShapeError, tensor } from '@neurite/tensor';
import { describeError } from './describe-error.js';

function naiveMatmul(a, b, m, k, n) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}

export function serveWorker(loadOptions = {}) {
  globalThis.onmessage = async (event) => {
    const { threads } = event.data;
    const report = { threadsAsked: threads };
    try {
      const backend = await init({ ...loadOptions, threads, minParallelWork: 1 });
      report.variant = backend.variant;
      report.poolThreads = backend.pool?.threads ?? 1;
      const m = 67, k = 45, n = 71;
      const a = rand([m, k], { seed: 1 });
      const b = rand([k, n], { seed: 2 });
      const c = matmul(a, b).toArray();
      const expected = naiveMatmul(a.toArray(), b.toArray(), m, k, n);
      report.maxError = Math.max(...Array.from(c, (v, i) => Math.abs(v - expected[i])));
      try {
        tensor([1, 2], [3]);
        report.workerError = 'no error';
      } catch (error) {
        report.workerError = describeError(error, ShapeError);
      }
    } catch (error) {
      report.failure = `${error?.name}: ${error?.message}`;
    }
    globalThis.postMessage(report);
  };
}
