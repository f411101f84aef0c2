// The dual problem libsvm's SMO solves (./smo-solver.ts): the rows of Q it reads, its options and
// what it returns.

/** Rows of Q (Q_ts = y_t y_s K(x_t, x_s)) in the solver's current order of variables. */
export interface QMatrix {
  /**
   * Row i over positions [0, length). The array may be reused: it stays valid until the call after
   * the next one (the update needs two rows at once), and its entries past `length` mean nothing.
   */
  row(i: number, length: number): Float32Array;
  /** Q_ii for every position (kept in the solver's order by `swap`). */
  readonly diagonal: Float64Array;
  /** Swaps variables i and j (the solver's order changes; rows computed later follow it). */
  swap(i: number, j: number): void;
  /**
   * Optional: receives a function listing active positions by decreasing violation (the likely next
   * members of working sets), which a cache may use to compute rows ahead in blocks.
   */
  setCandidates?(candidates: (limit: number, skip: (position: number) => boolean) => Int32Array): void;
}

export interface SmoOptions {
  /** Stopping tolerance on the maximal violating pair (scikit-learn's tol, libsvm's -e). */
  eps: number;
  shrinking: boolean;
  /** Iteration limit; -1 for libsvm's own cap, max(10^7, 100 l) (never reached in practice). */
  maxIter: number;
  /** Called every 1000 iterations or so with the iteration count (abort checks, progress). */
  onIterations?: (iterations: number) => void;
  /** Solve the nu formulation (Solver_NU). */
  nu?: boolean;
}

export interface SmoResult {
  /** The solution in the caller's original order of variables. */
  alpha: Float64Array;
  rho: number;
  objective: number;
  iterations: number;
  /** True when the iteration limit stopped the solver before the tolerance was met. */
  hitMaxIter: boolean;
  /** nu formulation only: r, the mean of the two labels' biases (nu-SVC's C is 1 / r). */
  r: number;
}
