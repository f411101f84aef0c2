// CPU-time comparison for suites on a shared machine: the impls of a case take turns, each timed by
// this process's CPU time (process.cpuUsage), so time spent descheduled by other jobs is not counted.
/**
 * Times `impls` by CPU time instead of the wall clock (caches stay shared with the other jobs).
 * `rounds` turns of every impl, each repeating it for at least `minMs` of CPU time; one
 * row per impl with the median per-call time, as case `<caseName> (CPU time)`.
 */
export function compareCpuTime(suite, caseName, { unit, work, impls, rounds = 5, minMs = 150 }) {
  const samples = {};
  for (const fn of Object.values(impls)) fn(); // warm (and tier up) every impl first
  for (let round = 0; round < rounds; round++) {
    for (const [impl, fn] of Object.entries(impls)) {
      const start = process.cpuUsage();
      let calls = 0, ms = 0;
      do {
        fn();
        calls++;
        const used = process.cpuUsage(start);
        ms = (used.user + used.system) / 1000;
      } while (ms < minMs);
      (samples[impl] ??= []).push(ms / calls);
    }
  }
  for (const [impl, ms] of Object.entries(samples)) {
    const medianMs = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
    suite.record({ case: `${caseName} (CPU time)`, impl, unit, value: work / (medianMs / 1000), median_ms: medianMs });
  }
}
