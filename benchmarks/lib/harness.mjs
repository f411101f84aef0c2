// The benchmark harness: runs implementations of one case side by side with tinybench 6, records
// rows { suite, case, impl, unit, value, median_ms } (value = throughput, higher is better), writes
// results/<suite>.json and prints a Markdown table with the ratio of Neurite to each peer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';

const resultsDir = new URL('../results/', import.meta.url);

/**
 * A suite's context.
 * `await ctx.compare(caseName, { unit, work, impls, check, time })`:
 *   unit  — e.g. 'GFLOP/s'; work — units of work per call in the unit's base (e.g. 2*m*n*k / 1e9 for GFLOP);
 *   impls — { implName: fn } where fn does only the timed work (inputs built beforehand);
 *   check — optional (implName, fn) => void run once per impl before timing (throws on a wrong answer);
 *   time  — ms per impl (default 400; long cases get fewer samples automatically).
 * Figures that are measured by hand (e.g. seconds per epoch) go in with `ctx.record(row)`.
 */
export function createSuite(suite) {
  const rows = [];
  return {
    rows,
    record(row) {
      rows.push({ suite, ...row });
      console.log(`  ${row.case} / ${row.impl}: ${fmt(row.value)} ${row.unit}`);
    },
    async compare(caseName, { unit, work, impls, check, time = 400, warmupTime = 100 }) {
      for (const [impl, fn] of Object.entries(impls)) {
        if (fn === undefined) continue;
        if (check) check(impl, fn);
        const bench = new Bench({ name: `${suite}/${caseName}`, time, warmupTime, iterations: 3, warmupIterations: 2 });
        bench.add(impl, fn);
        await bench.run();
        const result = bench.tasks[0].result;
        if (result.state !== 'completed') {
          console.log(`  ${caseName} / ${impl}: ${result.state} ${result.error ?? ''}`);
          continue;
        }
        const medianMs = result.latency.p50;
        this.record({ case: caseName, impl, unit, value: work / (medianMs / 1000), median_ms: medianMs });
      }
    },
    /**
     * `compare` for a loaded machine: `rounds` rounds, each timing every impl once in turn (so a
     * burst of load from elsewhere hits every impl alike), then one row per impl with the median of
     * its round medians. `check` runs in the first round only; `work` may be a per-impl object.
     */
    async compareInterleaved(caseName, { unit, work, impls, check, time = 300, warmupTime = 50, rounds = 3 }) {
      const samples = {};
      for (let round = 0; round < rounds; round++) {
        for (const [impl, fn] of Object.entries(impls)) {
          if (fn === undefined) continue;
          if (round === 0 && check) check(impl, fn);
          const bench = new Bench({ name: `${suite}/${caseName}`, time, warmupTime, iterations: 2, warmupIterations: round === 0 ? 1 : 0 });
          bench.add(impl, fn);
          await bench.run();
          const result = bench.tasks[0].result;
          if (result.state !== 'completed') throw new Error(`${caseName} / ${impl}: ${result.state} ${result.error ?? ''}`);
          (samples[impl] ??= []).push(result.latency.p50);
        }
      }
      for (const [impl, ms] of Object.entries(samples)) {
        const medianMs = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
        const units = typeof work === 'number' ? work : work[impl];
        this.record({ case: caseName, impl, unit, value: units / (medianMs / 1000), median_ms: medianMs });
      }
    },
    finish() {
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(new URL(`${suite}.json`, resultsDir), JSON.stringify(rows, null, 2) + '\n');
      const table = markdownTable(rows);
      writeFileSync(new URL(`${suite}.md`, resultsDir), table);
      console.log('\n' + table);
      return rows;
    },
  };
}

function fmt(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(3);
}

/** One line per case: each impl's figure, then the best single-threaded Neurite figure over each peer. */
export function markdownTable(rows) {
  const impls = [...new Set(rows.map((r) => r.impl))];
  const cases = [...new Set(rows.map((r) => r.case))];
  // Ratios compare single-threaded builds only: threaded rows (`neurite-2t`, ...) are shown, not ratioed.
  const ours = impls.filter((i) => i.startsWith('neurite') && !/-\d+t$/.test(i));
  const peers = impls.filter((i) => !i.startsWith('neurite'));
  const head = ['case', 'unit', ...impls, ...peers.map((p) => `neurite / ${p}`)];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const c of cases) {
    const byImpl = Object.fromEntries(rows.filter((r) => r.case === c).map((r) => [r.impl, r]));
    const unit = Object.values(byImpl)[0].unit;
    const best = Math.max(...ours.map((i) => byImpl[i]?.value ?? 0));
    const cells = impls.map((i) => (byImpl[i] ? fmt(byImpl[i].value) : '–'));
    const ratios = peers.map((p) => (byImpl[p] && best > 0 ? `${(best / byImpl[p].value).toFixed(2)}x` : '–'));
    lines.push(`| ${[c, unit, ...cells, ...ratios].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** Seeded uniforms in [lo, hi) (SplitMix32), for inputs built outside the timed functions. */
export function seededArray(n, seed, lo = -1, hi = 1) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    out[i] = lo + (hi - lo) * (((z ^ (z >>> 16)) >>> 0) / 4294967296);
  }
  return out;
}
