// Where each category lands in OneHotEncoder's output. Per input column, in order: one output
// column per frequent category (category order), then one column shared by the infrequent
// categories, if any; a dropped category has none. Infrequent categories follow scikit-learn's
// _identify_infrequent: a count below minFrequency (an integer count, or a fraction in (0, 1) of the
// samples), then, if more than maxCategories - 1 would remain, all but the maxCategories - 1 most
// frequent (a stable sort by count: among equal counts the later categories stay frequent).

export interface OneHotLayout {
  /** Per input column: category index -> output column, -1 for a dropped category. */
  columnOf: Int32Array[];
  /** Per input column: the output column of its infrequent group, -1 without one. */
  infrequentColumn: number[];
  /** Per output column: [input column, category index, or -1 for an infrequent group]. */
  source: [number, number][];
  width: number;
}

/** Category indices counted as infrequent (ascending); empty when none. */
export function infrequentIndices(counts: readonly number[], samples: number, minFrequency: number | null, maxCategories: number | null): number[] {
  const n = counts.length;
  const infrequent = new Array<boolean>(n).fill(false);
  if (minFrequency !== null) {
    const bound = Number.isInteger(minFrequency) ? minFrequency : samples * minFrequency;
    for (let k = 0; k < n; k++) if (counts[k]! < bound) infrequent[k] = true;
  }
  const remaining = n - infrequent.filter(Boolean).length + 1;
  if (maxCategories !== null && maxCategories < remaining) {
    const keep = maxCategories - 1;
    if (keep === 0) infrequent.fill(true);
    else {
      const order = Array.from(counts.keys()).sort((a, b) => counts[a]! - counts[b]! || a - b); // stable ascending
      for (const k of order.slice(0, n - keep)) infrequent[k] = true;
    }
  }
  return infrequent.flatMap((f, k) => (f ? [k] : []));
}

export function buildLayout(categoryCounts: readonly number[], dropped: readonly number[], infrequent: readonly (readonly number[])[]): OneHotLayout {
  const columnOf: Int32Array[] = [];
  const infrequentColumn: number[] = [];
  const source: [number, number][] = [];
  for (let j = 0; j < categoryCounts.length; j++) {
    const isInfrequent = new Set(infrequent[j]);
    const map = new Int32Array(categoryCounts[j]!).fill(-1);
    for (let k = 0; k < map.length; k++) {
      if (k === dropped[j] || isInfrequent.has(k)) continue;
      map[k] = source.length;
      source.push([j, k]);
    }
    if (isInfrequent.size > 0) {
      infrequentColumn.push(source.length);
      for (const k of isInfrequent) map[k] = source.length;
      source.push([j, -1]);
    } else infrequentColumn.push(-1);
    columnOf.push(map);
  }
  return { columnOf, infrequentColumn, source, width: source.length };
}
