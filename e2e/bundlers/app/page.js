// The page's part of the test app: runs Neurite on the main thread (single-threaded kernels, a
// typed error, a tokenizer), then asks a worker to train on the threaded kernels when the page is
// cross-origin isolated. Its findings go to `globalThis.neuriteResult` for the test to read.
import { init, matmul, ShapeError, tensor } from '@neurite/tensor';
import { getEncoding } from '@neurite/tokenizers';
import { describeError } from './describe-error.js';
import { misnamedErrors } from './error-names.js';

/**
 * `startWorker` creates the app's worker (each bundler has its own way of locating it);
 * `loadOptions` go to init() (e.g. `wasm` URLs from esbuild's file loader).
 */
export async function runPage(startWorker, loadOptions = {}) {
  const result = { isolated: globalThis.crossOriginIsolated === true };
  try {
    const backend = await init(loadOptions);
    result.mainVariant = backend.variant;
    result.matmul = Array.from(matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).toArray());
    // The chainable methods (installed by init(), which a bundler must not drop as a side effect).
    result.chained = Array.from(tensor([[1, 2], [3, 4]]).matmul(tensor([[5, 6], [7, 8]])).sub(20).relu().toArray());
    try {
      matmul(tensor([1, 2, 3]), tensor([[1, 2]]));
      result.mainError = 'no error';
    } catch (error) {
      result.mainError = describeError(error, ShapeError);
    }
    result.errorNames = misnamedErrors();
    // Rank data is loaded per encoding: only cl100k_base's is fetched.
    const encoding = await getEncoding('cl100k_base');
    result.tokens = Array.from(encoding.encode('hello world'));
    result.worker = await new Promise((resolve, reject) => {
      const worker = startWorker();
      worker.onmessage = (event) => {
        worker.terminate();
        resolve(event.data);
      };
      worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
      worker.postMessage({ threads: result.isolated ? 2 : 1 });
    });
  } catch (error) {
    result.failure = `${error?.name}: ${error?.message}`;
  }
  globalThis.neuriteResult = result;
  document.querySelector('#result').textContent = JSON.stringify(result, null, 2);
}
