// Kernels page: GEMM / conv2d / softmax / elementwise benchmarks run in the worker; throughput per kernel build.
import type { KernelBenchmarkCase, KernelBenchmarkResult, KernelVariant, WorkerInfo } from '@neurite/worker';
import { neurite, onWorkerReady } from '../neurite.ts';
import { describeError, formatNumber, h } from '../ui/dom.ts';
import { lineChart } from '../ui/line-chart.ts';

const PRESETS: Array<{ label: string; case: KernelBenchmarkCase }> = [
  { label: 'GEMM 256 x 256 x 256', case: { kernel: 'gemm', m: 256, n: 256, k: 256 } },
  { label: 'GEMM 512 x 512 x 512', case: { kernel: 'gemm', m: 512, n: 512, k: 512 } },
  { label: 'GEMM dense layer: batch 64, 784 -> 128', case: { kernel: 'gemm', m: 64, n: 128, k: 784 } },
  { label: 'GEMM dense layer weight gradient: X^T dY, 784 x 128 over batch 64 (A transposed)', case: { kernel: 'gemm', m: 784, n: 128, k: 64, transA: true } },
  { label: 'GEMM dense layer input gradient: dY W^T, batch 64, 128 -> 784 (B transposed)', case: { kernel: 'gemm', m: 64, n: 784, k: 128, transB: true } },
  { label: 'GEMM 128 x 128 x 128', case: { kernel: 'gemm', m: 128, n: 128, k: 128 } },
  { label: 'conv2d 3x3, 32x14x14x32 -> 64', case: { kernel: 'conv2d', batch: 32, height: 14, width: 14, inChannels: 32, outChannels: 64, kernelSize: 3 } },
  { label: 'conv2d 3x3, MNIST first layer 64x28x28x1 -> 16', case: { kernel: 'conv2d', batch: 64, height: 28, width: 28, inChannels: 1, outChannels: 16, kernelSize: 3 } },
  { label: 'softmax 1024 x 1024', case: { kernel: 'softmax', rows: 1024, cols: 1024 } },
  { label: 'softmax 64 x 50257 (GPT-2 logits)', case: { kernel: 'softmax', rows: 64, cols: 50257 } },
  { label: 'elementwise add, 1M elements', case: { kernel: 'add', n: 1 << 20 } },
];

const SWEEP = [32, 64, 96, 128, 192, 256, 384, 512];

export function kernelsPage(): HTMLElement {
  const preset = h('select', { id: 'kernel-case' }, ...PRESETS.map((p, i) => h('option', { value: String(i) }, p.label)));
  const variantBoxes: Record<KernelVariant, HTMLInputElement> = {
    simd: h('input', { type: 'checkbox', checked: true, id: 'variant-simd' }),
    relaxed: h('input', { type: 'checkbox', checked: true, id: 'variant-relaxed' }),
    reference: h('input', { type: 'checkbox', id: 'variant-reference' }),
    threads: h('input', { type: 'checkbox', id: 'variant-threads', disabled: true }),
  };
  const duration = h('select', { id: 'kernel-duration' }, ...[150, 300, 1000].map((ms) => h('option', { value: String(ms), selected: ms === 300 }, `${ms} ms per build`)));
  const runButton = h('button', { id: 'run-benchmark' }, 'Run benchmark');
  const sweepButton = h('button', { id: 'run-sweep', class: 'secondary' }, 'GEMM size sweep');
  const cancelButton = h('button', { class: 'secondary', disabled: true }, 'Cancel');
  const progress = h('progress', { max: 1, value: 0 });
  const message = h('p', { class: 'note' });
  const capabilities = h('ul', { class: 'note', id: 'kernel-capabilities' }, h('li', {}, 'waiting for the worker…'));
  const resultBody = h('tbody', { id: 'benchmark-results' });
  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...['case', 'build', 'throughput', '', 'median', 'samples', 'max rel. error'].map((t) => h('th', {}, t)))),
    resultBody,
  );
  const chart = lineChart({ title: 'GEMM n x n x n', xLabel: 'n', yLabel: 'GFLOP/s', series: ['SIMD', 'relaxed SIMD', '2 threads'] });
  chart.element.hidden = true;

  let controller: AbortController | undefined;
  let maxValue = 1;

  onWorkerReady((info) => {
    if (info instanceof Error) return;
    describeCapabilities(info);
  });

  function describeCapabilities(info: WorkerInfo): void {
    variantBoxes.relaxed.disabled = !info.relaxedSimd;
    if (!info.relaxedSimd) variantBoxes.relaxed.checked = false;
    variantBoxes.threads.disabled = !info.threads.available;
    if (!info.threads.available) variantBoxes.threads.checked = false;
    capabilities.replaceChildren(
      h('li', {}, `WebAssembly SIMD: ${info.simd ? 'yes' : 'no'}; relaxed SIMD (fused multiply-add): ${info.relaxedSimd ? 'yes' : 'no, not in this browser'}.`),
      h('li', {}, `Cross-origin isolated: ${info.crossOriginIsolated ? 'yes (SharedArrayBuffer usable)' : 'no (single-threaded only)'}.`),
      h('li', {}, `Threads: ${info.threads.available ? `available (${info.threads.reason}; GEMM, convolutions, softmax and optimizer steps split across them; Digits trains on ${info.trainingThreads})` : `not measured — ${info.threads.reason}.`}`),
    );
  }

  function busy(running: boolean): void {
    runButton.disabled = running;
    sweepButton.disabled = running;
    cancelButton.disabled = !running;
    if (!running) progress.value = 0;
  }

  function selectedVariants(): KernelVariant[] {
    return (Object.keys(variantBoxes) as KernelVariant[]).filter((v) => variantBoxes[v].checked && !variantBoxes[v].disabled);
  }

  function addRows(result: KernelBenchmarkResult): void {
    for (const row of result.rows) maxValue = Math.max(maxValue, row.value);
    for (const row of result.rows) {
      resultBody.appendChild(
        h(
          'tr',
          { class: 'result-row' },
          h('td', {}, result.caseName),
          h('td', {}, row.variant),
          h('td', { class: 'num throughput' }, `${formatNumber(row.value)} ${result.unit}`),
          h('td', {}, h('div', { class: `bar ${row.variant}`, style: { width: `${Math.max(2, (160 * row.value) / maxValue)}px` } })),
          h('td', { class: 'num' }, `${formatNumber(row.medianMs)} ms`),
          h('td', { class: 'num' }, String(row.samples)),
          h('td', { class: 'num' }, row.maxError.toExponential(1)),
        ),
      );
    }
    for (const skip of result.skipped) {
      resultBody.appendChild(h('tr', {}, h('td', {}, result.caseName), h('td', {}, skip.variant), h('td', { colSpan: 5, class: 'note' }, `skipped: ${skip.reason}`)));
    }
  }

  runButton.addEventListener('click', async () => {
    const chosen = PRESETS[Number(preset.value)]!;
    const variants = selectedVariants();
    controller = new AbortController();
    busy(true);
    message.textContent = `Running ${chosen.label} on ${variants.join(', ')} in the worker…`;
    try {
      const result = await neurite().benchmarkKernel(
        { case: chosen.case, variants, minTimeMs: Number(duration.value) },
        {
          signal: controller.signal,
          onProgress: (p) => {
            progress.value = (variants.indexOf(p.variant) + p.fraction) / variants.length;
          },
        },
      );
      addRows(result);
      message.textContent = `Done: ${result.caseName}.`;
    } catch (error) {
      message.textContent = describeError(error);
    } finally {
      busy(false);
    }
  });

  sweepButton.addEventListener('click', async () => {
    const variants = selectedVariants().filter((v) => v !== 'reference');
    controller = new AbortController();
    busy(true);
    chart.element.hidden = false;
    const xs: number[] = [];
    const simd: Array<number | null> = [];
    const relaxed: Array<number | null> = [];
    const threads: Array<number | null> = [];
    try {
      for (const [i, n] of SWEEP.entries()) {
        message.textContent = `GEMM ${n}^3…`;
        const result = await neurite().benchmarkKernel({ case: { kernel: 'gemm', m: n, n, k: n }, variants, minTimeMs: 150 }, { signal: controller.signal });
        xs.push(n);
        simd.push(result.rows.find((r) => r.variant === 'simd')?.value ?? null);
        relaxed.push(result.rows.find((r) => r.variant === 'relaxed')?.value ?? null);
        threads.push(result.rows.find((r) => r.variant === 'threads')?.value ?? null);
        chart.setData(xs, [simd, relaxed, threads]);
        progress.value = (i + 1) / SWEEP.length;
      }
      message.textContent = 'Sweep done.';
    } catch (error) {
      message.textContent = describeError(error);
    } finally {
      busy(false);
    }
  });

  cancelButton.addEventListener('click', () => controller?.abort());

  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Kernel benchmarks'),
      h('p', { class: 'note' }, 'Each benchmark runs in a Web Worker: one warm-up call, a correctness spot check against float64 maths, then timed calls; the figure is from the median.'),
      capabilities,
      h('div', { class: 'row' }, preset, duration),
      h(
        'div',
        { class: 'row' },
        ...(Object.keys(variantBoxes) as KernelVariant[]).map((v) => h('label', {}, variantBoxes[v], ` ${v === 'simd' ? 'SIMD' : v === 'relaxed' ? 'relaxed SIMD' : v === 'threads' ? '2 threads' : 'TS reference'}`)),
      ),
      h('div', { class: 'row' }, runButton, sweepButton, cancelButton, progress),
      message,
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Results'), table),
    h('section', { class: 'card' }, chart.element),
  );
}
