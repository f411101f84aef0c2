// Unsupervised @neurite/ml against the ml.js peers (issue 17's benchmark; figures of scikit-learn /
// SciPy on this kind of machine are in BENCHMARKS.md):
// - PCA 8000x784 MNIST, all 784 components: Neurite PCA (svdSolver 'covariance_eigh': float64
//   scatter matrix, exact in int16 lanes for MNIST's steps of 0.001, + Householder/QL
//   eigendecomposition) and, as a second row, nComponents 50
//   by randomized SVD; ml-pca 4.1 with method 'covarianceMatrix' (its fastest route) on all rows.
// - PCA (all components) and k-means (Lloyd) again on the relaxed-SIMD build: rows 'neurite-relaxed'
//   (the other Neurite rows load the plain SIMD build by name).
// - k-means k = 10 on MNIST 8000 (one k-means++ start): Neurite KMeans with algorithm 'lloyd' (the
//   default, as scikit-learn's) and 'elkan' (checked to give Lloyd's run: same inertia and
//   iterations), and ml-kmeans 7.0 (kmeans++ init). ml-kmeans runs on the first 2000 rows and its
//   time is extrapolated x4 (its iterations are linear in the rows; its iteration count on the slice
//   is reported beside it). The inertia of each run is recorded beside its time.
// - Ward linkage of the first 1000 MNIST rows: Neurite linkage (NN-chain) and ml-hclust 4.0 agnes.
// - t-SNE of the 1797 scikit-learn digits (Barnes-Hut, perplexity 30, 1000 iterations) with its
//   trustworthiness (5 neighbours); tsne-js 1.0.3 (exact, O(n²) per iteration) on the first 500
//   digits with 1000 iterations, extrapolated by (1797 / 500)² (its cost per iteration is
//   quadratic in the points).
// - Apriori on 10,000 generated baskets over 1,000 items (generateBaskets defaults, minSupport
//   0.01): Neurite only (no JS peer is fast enough to matter).
// - scikit-learn 1.9.1 / SciPy (ml-unsupervised-sklearn.py beside this file, run by this suite in
//   the same sitting when NEURITE_BENCH_PYTHON names a Python with scikit-learn, else its last
//   figures on file, marked as such: lib/sklearn-figures.mjs) on the same data and settings, BLAS
//   on one thread: PCA, k-means,
//   Ward (SciPy's linkage) and t-SNE rows, and a table of the issue's speed targets with each
//   case's wall and CPU seconds and the Neurite / scikit-learn ratio of CPU times (on a shared
//   machine wall times are inflated by other processes; CPU times much less so).
// After one warm-up run, PCA, k-means and Ward take the median of 5 timed fits (randomized PCA of
// 3), as the scikit-learn script does; the slow cases (t-SNE, the ml.js peers, Apriori) run once.
// Unit: samples/s (rows, points or baskets per second); median_ms is the wall time of a fit and
// cpu_ms its CPU time (the process's user + system time), each the median of the timed runs.
// Results: results/ml-unsupervised.{json,md}.
import { readFileSync, appendFileSync } from 'node:fs';
import { apriori, generateBaskets, KMeans, linkage, PCA, trustworthiness, TSNE } from '@neurite/ml';
import { detectFeatures, loadBackend } from '@neurite/kernels';
import { init } from '@neurite/tensor';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { agnes } from 'ml-hclust';
import { PCA as MlPCA } from 'ml-pca';
import TsneJs from 'tsne-js';
import { createSuite } from '../lib/harness.mjs';
import { mnistRows, PIXELS } from '../lib/mnist-rows.mjs';
import { sklearnFigures, sklearnProvenance } from '../lib/sklearn-figures.mjs';

function seconds(fn) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}

/** `runs` timed calls of fn after the caller's warm-up: the median wall and the median CPU time. */
function medianSeconds(fn, runs = RUNS) {
  const samples = Array.from({ length: runs }, () => seconds(fn));
  const mid = (values) => values.sort((x, y) => x - y)[runs >> 1];
  return { result: samples[runs - 1].result, ms: mid(samples.map((t) => t.ms)), cpuMs: mid(samples.map((t) => t.cpuMs)) };
}

/** Timed runs of each fast case (PCA, k-means, Ward), here and in the scikit-learn script. */
const RUNS = 5;

const s3 = (seconds) => seconds.toFixed(3);

function toRows(data, n, d) {
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
}

function inertiaOf(rows, centroids, labels) {
  let s = 0;
  rows.forEach((r, i) => {
    const c = centroids[labels[i]];
    for (let f = 0; f < r.length; f++) s += (r[f] - c[f]) ** 2;
  });
  return s;
}

function digits() {
  const json = JSON.parse(readFileSync(new URL('../../packages/ml/fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
  const rows = Array.from({ length: json.rows }, (_, i) => Array.from(json.pixels.slice(i * 64, i * 64 + 64), (c) => parseInt(c, 17)));
  return { rows, labels: Array.from(json.labels, Number) };
}

export async function run() {
  // The plain SIMD build, named: under the runner's relaxed-SIMD flag init() alone would pick the relaxed one.
  const plain = await init(await loadBackend({ variant: 'simd' }));
  const suite = createSuite('ml-unsupervised');
  const notes = [];
  const { base } = mnistRows({ base: 8000, queries: 0 });
  const n = 8000, d = PIXELS;
  const X = { rows: n, cols: d, data: base };
  const record = (caseName, impl, rows, ms, extra = {}) => suite.record({ case: caseName, impl, unit: 'samples/s', value: rows / (ms / 1000), median_ms: ms, ...extra });
  const sk = sklearnFigures(new URL('./ml-unsupervised-sklearn.py', import.meta.url), new URL('../results/ml-unsupervised.sklearn.json', import.meta.url));
  if (sk) console.log(`  (${sk.producer}, ${sk.threads} thread, ${sklearnProvenance(sk)})`);
  // The issue's targets: [case, scikit-learn key, target seconds]; filled with each fit's times.
  const targets = [];
  const target = (caseName, key, goal, ours, rows) => {
    const c = sk?.cases?.[key];
    if (c) record(caseName, 'scikit-learn', rows, c.seconds * 1000, { cpu_ms: c.cpu_seconds * 1000, producer: `${sk.producer}, one thread, ${sklearnProvenance(sk)}` });
    targets.push({ caseName, goal, ours, peer: c });
  };

  // PCA, all components
  {
    const name = 'PCA 8000x784 all components';
    new PCA({ svdSolver: 'covariance_eigh' }).fit(X);
    const ours = medianSeconds(() => new PCA({ svdSolver: 'covariance_eigh' }).fit(X));
    record(name, 'neurite', n, ours.ms, { cpu_ms: ours.cpuMs });
    target(name, 'pca_all', 0.5, ours, n);
    const rows = toRows(base, n, d);
    const peer = seconds(() => new MlPCA(rows, { method: 'covarianceMatrix' }));
    record(name, 'ml-pca', n, peer.ms);
    const a = ours.result.explainedVariance[0], b = peer.result.getEigenvalues()[0];
    if (Math.abs(a - b) > 1e-6 * b) throw new Error(`PCA: first eigenvalue ${a} vs ml-pca ${b}`);
    notes.push(`PCA: first explained variance ${a.toFixed(6)} (ml-pca ${b.toFixed(6)}).`);
    const k50 = medianSeconds(() => new PCA({ nComponents: 50, svdSolver: 'randomized' }).fit(X), 3);
    record('PCA 8000x784 50 components (randomized)', 'neurite', n, k50.ms, { cpu_ms: k50.cpuMs });
    target('PCA 8000x784 50 components (randomized)', 'pca_50', undefined, k50, n);
    // Randomized subspace iteration: the leading components are accurate, the 50th within ~1%.
    const sum = (v, k) => v.slice(0, k).reduce((s, x) => s + x, 0);
    const ratio = sum(k50.result.explainedVariance, 50) / sum(ours.result.explainedVariance, 50);
    const first = k50.result.explainedVariance[0] / ours.result.explainedVariance[0];
    if (Math.abs(ratio - 1) > 1e-3 || Math.abs(first - 1) > 1e-6) throw new Error(`randomized PCA: variance of 50 components off by ${ratio}, first by ${first}`);
    notes.push(`PCA randomized (50 components): explained variance of the 50 within ${Math.abs(ratio - 1).toExponential(1)} of the exact solution's; the 50th alone within ${Math.abs(k50.result.explainedVariance[49] / ours.result.explainedVariance[49] - 1).toExponential(1)}.`);
  }

  // k-means
  {
    const name = 'k-means k=10 MNIST 8000';
    new KMeans({ nClusters: 10, randomState: 0 }).fit(X);
    const ours = medianSeconds(() => new KMeans({ nClusters: 10, randomState: 0 }).fit(X));
    record(name, 'neurite', n, ours.ms, { cpu_ms: ours.cpuMs, inertia: ours.result.inertia, iterations: ours.result.nIter });
    target(name, 'kmeans', 1, ours, n);
    new KMeans({ nClusters: 10, randomState: 0, algorithm: 'elkan' }).fit(X);
    const elkan = medianSeconds(() => new KMeans({ nClusters: 10, randomState: 0, algorithm: 'elkan' }).fit(X));
    if (elkan.result.inertia !== ours.result.inertia || elkan.result.nIter !== ours.result.nIter) {
      throw new Error(`k-means: Elkan's run (inertia ${elkan.result.inertia}, ${elkan.result.nIter} iterations) differs from Lloyd's (${ours.result.inertia}, ${ours.result.nIter})`);
    }
    record(name, 'neurite-elkan', n, elkan.ms, { cpu_ms: elkan.cpuMs, inertia: elkan.result.inertia, iterations: elkan.result.nIter });
    targets.push({ caseName: `${name}, algorithm 'elkan'`, goal: 1, ours: elkan, peer: sk?.cases?.kmeans });
    if (sk) notes.push(`k-means: scikit-learn inertia ${sk.cases.kmeans.inertia.toFixed(0)} (${sk.cases.kmeans.iterations} iterations) from its own k-means++ draw; Neurite ${ours.result.inertia.toFixed(0)} (${ours.result.nIter}), the same run with 'elkan'.`);
    if (sk?.cases?.kmeans_elkan) notes.push(`k-means: scikit-learn with algorithm 'elkan' ${s3(sk.cases.kmeans_elkan.cpu_seconds)} s CPU (${sk.cases.kmeans_elkan.iterations} iterations), Neurite 'elkan' ${s3(elkan.cpuMs / 1000)} s (${elkan.result.nIter}).`);
    const slice = 2000;
    const rows = toRows(base, slice, d);
    const peer = seconds(() => mlKmeans(rows, 10, { initialization: 'kmeans++', seed: 0 }));
    const peerInertia = inertiaOf(rows, peer.result.centroids, peer.result.clusters);
    record(name, 'ml-kmeans', n, peer.ms * (n / slice), { inertia_on_slice: peerInertia, iterations: peer.result.iterations, extrapolated_from_rows: slice });
    const oursOnSlice = new KMeans({ nClusters: 10, randomState: 0 }).fit({ rows: slice, cols: d, data: base.subarray(0, slice * d) }).inertia;
    notes.push(`k-means: Neurite inertia ${ours.result.inertia.toFixed(0)} on 8000 rows (${ours.result.nIter} iterations); on the 2000-row slice Neurite ${oursOnSlice.toFixed(0)} vs ml-kmeans ${peerInertia.toFixed(0)} (${peer.result.iterations} iterations), ml-kmeans time x4 from the slice.`);
  }

  // PCA and k-means again on the relaxed-SIMD build (fused multiply-add in the GEMMs), as rows of their own.
  if (detectFeatures().relaxedSimd) {
    const relaxed = await loadBackend({ variant: 'relaxed' });
    await init(relaxed);
    try {
      const pcaName = 'PCA 8000x784 all components';
      new PCA({ svdSolver: 'covariance_eigh' }).fit(X);
      const pca = medianSeconds(() => new PCA({ svdSolver: 'covariance_eigh' }).fit(X));
      record(pcaName, 'neurite-relaxed', n, pca.ms, { cpu_ms: pca.cpuMs });
      targets.push({ caseName: `${pcaName}, relaxed SIMD`, goal: 0.5, ours: pca, peer: sk?.cases?.pca_all });
      const kmName = 'k-means k=10 MNIST 8000';
      new KMeans({ nClusters: 10, randomState: 0 }).fit(X);
      const km = medianSeconds(() => new KMeans({ nClusters: 10, randomState: 0 }).fit(X));
      record(kmName, 'neurite-relaxed', n, km.ms, { cpu_ms: km.cpuMs, inertia: km.result.inertia, iterations: km.result.nIter });
      targets.push({ caseName: `${kmName}, relaxed SIMD`, goal: 1, ours: km, peer: sk?.cases?.kmeans });
      notes.push(`Relaxed SIMD: PCA first explained variance ${pca.result.explainedVariance[0].toFixed(6)}; k-means inertia ${km.result.inertia.toFixed(0)} (${km.result.nIter} iterations).`);
    } finally {
      await init(plain);
      await relaxed.dispose?.();
    }
  }

  // Ward
  {
    const name = 'Ward linkage 1000 MNIST rows';
    const m = 1000;
    const part = { rows: m, cols: d, data: base.subarray(0, m * d) };
    linkage(part, 'ward');
    const ours = medianSeconds(() => linkage(part, 'ward'));
    record(name, 'neurite', m, ours.ms, { cpu_ms: ours.cpuMs });
    target(name, 'ward', 0.5, ours, m);
    const height = ours.result.data[(m - 2) * 4 + 2];
    if (sk && Math.abs(height - sk.cases.ward.last_height) > 1e-6 * height) throw new Error(`Ward: last merge ${height} vs SciPy ${sk.cases.ward.last_height}`);
    const rows = toRows(base, m, d);
    const peer = seconds(() => agnes(rows, { method: 'ward' }));
    record(name, 'ml-hclust', m, peer.ms);
    notes.push(`Ward: Neurite's last merge height ${ours.result.data[(m - 2) * 4 + 2].toFixed(3)} (SciPy's Ward convention); ml-hclust root height ${peer.result.height.toFixed(3)} (its own convention).`);
  }

  // t-SNE
  {
    const name = 't-SNE 1797 digits';
    const { rows, labels } = digits();
    const ours = seconds(() => new TSNE({ randomState: 0 }).fit(rows));
    const trust = trustworthiness(rows, ours.result.embedding, 5);
    record(name, 'neurite', rows.length, ours.ms, { cpu_ms: ours.cpuMs, trustworthiness: trust, kl_divergence: ours.result.klDivergence });
    target(name, 'tsne', 5, ours, rows.length);
    if (sk) notes.push(`t-SNE: scikit-learn trustworthiness ${sk.cases.tsne.trustworthiness.toFixed(4)} on the 1797 digits, Neurite ${trust.toFixed(4)}.`);
    const small = 500;
    const model = new TsneJs({ dim: 2, perplexity: 30, earlyExaggeration: 4, learningRate: 100, nIter: 1000, metric: 'euclidean' });
    const peer = seconds(() => {
      model.init({ data: rows.slice(0, small), type: 'dense' });
      model.run();
      return model.getOutputScaled();
    });
    const peerTrust = trustworthiness(rows.slice(0, small), peer.result, 5);
    const factor = (rows.length / small) ** 2;
    record(name, 'tsne-js', rows.length, peer.ms * factor, { trustworthiness_on_500: peerTrust, extrapolated_from_points: small });
    notes.push(`t-SNE: Neurite trustworthiness ${trust.toFixed(4)} on 1797 digits (scikit-learn 1.9.1 on the first 500: 0.9958); tsne-js ${peerTrust.toFixed(4)} on its 500 points, its time x${factor.toFixed(1)} from 500 points. Labels unused by both.`);
    void labels;
  }

  // Apriori
  {
    const name = 'Apriori 10000 baskets x 1000 items';
    const baskets = generateBaskets({ nTransactions: 10_000, nItems: 1_000, seed: 0 });
    apriori(baskets, { minSupport: 0.01 });
    const ours = seconds(() => apriori(baskets, { minSupport: 0.01 }));
    const bySize = {};
    for (const s of ours.result.itemsets) bySize[s.items.length] = (bySize[s.items.length] ?? 0) + 1;
    record(name, 'neurite', baskets.length, ours.ms, { cpu_ms: ours.cpuMs, itemsets: ours.result.itemsets.length });
    notes.push(`Apriori: ${ours.result.itemsets.length} frequent itemsets at minSupport 0.01 (by size: ${JSON.stringify(bySize)}).`);
  }

  const rows = suite.finish();
  const s = (ms) => (ms / 1000).toFixed(2);
  const table = [
    '| case | target s | Neurite wall s | Neurite CPU s | scikit-learn wall s | scikit-learn CPU s | Neurite / scikit-learn (CPU) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...targets.map(({ caseName, goal, ours, peer }) => `| ${caseName} | ${goal ?? '–'} | ${s(ours.ms)} | ${s(ours.cpuMs)} | ${peer ? s(peer.seconds * 1000) : '–'} | ${peer ? s(peer.cpu_seconds * 1000) : '–'} | ${peer ? `${(ours.cpuMs / (peer.cpu_seconds * 1000)).toFixed(2)}x` : '–'} |`),
  ].join('\n');
  const peerLine = sk ? `${sk.producer} on ${sk.threads} thread, ${sklearnProvenance(sk)}` : 'no scikit-learn figures: run ml-unsupervised-sklearn.py';
  appendFileSync(new URL('../results/ml-unsupervised.md', import.meta.url), `\nSpeed targets of the issue (${peerLine}; ratio < 1: Neurite is faster):\n\n${table}\n\n${notes.map((t) => `- ${t}`).join('\n')}\n`);
  console.log(notes.join('\n'));
  return rows;
}
