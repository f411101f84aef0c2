// The growth frontier of best-first trees: a binary max-heap on impurity improvement run exactly
// as libstdc++'s push_heap / pop_heap (scikit-learn's BestFirstTreeBuilder uses them), so records
// with equal improvements pop in scikit-learn's order.
/** A node of the growth frontier (scikit-learn's FrontierRecord). */
export interface FrontierRecord {
  node: number;
  start: number;
  end: number;
  mid: number;
  depth: number;
  isLeaf: boolean;
  improvement: number;
  nConstantChildren: number;
}

/** libstdc++'s __push_heap with comp(a, b) = a.improvement < b.improvement: the hole rises while its parent is smaller. */
function siftUp(heap: FrontierRecord[], hole: number, top: number, value: FrontierRecord): void {
  let parent = (hole - 1) >> 1;
  while (hole > top && heap[parent]!.improvement < value.improvement) {
    heap[hole] = heap[parent]!;
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  heap[hole] = value;
}

export function heapPush(heap: FrontierRecord[], record: FrontierRecord): void {
  heap.push(record);
  siftUp(heap, heap.length - 1, 0, record);
}

/** libstdc++'s pop_heap (__adjust_heap: the hole sinks to a leaf along the larger children, right on ties, then the last record rises from there) and pop_back. */
export function heapPop(heap: FrontierRecord[]): FrontierRecord {
  const top = heap[0]!;
  const last = heap.pop()!;
  const len = heap.length;
  if (len === 0) return top;
  let hole = 0;
  let child = 0;
  while (child < (len - 1) >> 1) {
    child = 2 * (child + 1);
    if (heap[child]!.improvement < heap[child - 1]!.improvement) child--;
    heap[hole] = heap[child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) >> 1) {
    child = 2 * (child + 1);
    heap[hole] = heap[child - 1]!;
    hole = child - 1;
  }
  siftUp(heap, hole, 0, last);
  return top;
}
