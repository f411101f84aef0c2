// The Student-t kernel of t-SNE's embedding space, with scikit-learn's choice of degrees of freedom
// (nu = max(dims - 1, 1)): w = (1 + d² / nu)^(-(nu + 1) / 2) for a squared distance d².

/** scikit-learn's degrees of freedom for an embedding of `dims` dimensions. */
export function degreesOfFreedom(dims: number): number {
  return Math.max(dims - 1, 1);
}

/** The Student-t weight w for a squared distance d2 and `dof` degrees of freedom (no pow for 1 and 2, the 1-D to 3-D cases). */
export function studentT(d2: number, dof: number): number {
  if (dof === 1) return 1 / (1 + d2);
  if (dof === 2) {
    const t = 1 + d2 / 2;
    return 1 / (t * Math.sqrt(t));
  }
  return (1 + d2 / dof) ** (-(dof + 1) / 2);
}
