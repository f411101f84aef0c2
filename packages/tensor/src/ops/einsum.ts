// einsum (torch.einsum): Einstein summation reduced to primitives, so the gradient comes from
// theirs. Each operand first takes the diagonal of any repeated label (indexSelect on the flattened
// dims), drops size-1 dims that broadcast, and sums the labels no one else needs; then operands
// merge left to right: labels shared and still needed later are batch dims, shared and no longer
// needed are contracted, each merge one batched matmul of [batch, rows, k] x [batch, k, cols]
// (an elementwise multiplication when nothing is contracted); last, a permute to the output order.
// Differences from PyTorch: int32 operands give float32 (as matmul and sum here); operands of
// different float dtypes promote; the merge order is left to right (no contraction-path search).
import { ArgumentError, ShapeError } from '../errors.ts';
import { tensor } from '../creation.ts';
import { atomic } from '../scope.ts';
import { checkTensors, type Tensor } from '../tensor.ts';
import { mul } from './elementwise.ts';
import { indexSelect } from './gather.ts';
import { matmul } from './matmul.ts';
import { sum } from './reduce.ts';
import { parseEquation } from './einsum-equation.ts';
import { permute, reshape } from './shape.ts';

interface Operand {
  t: Tensor;
  labels: string[];
}

/** Each label's size (size-1 dims broadcast), checked before anything is allocated. */
function labelSizes(inputs: readonly string[][], operands: readonly Tensor[]): Map<string, number> {
  const sizes = new Map<string, number>();
  inputs.forEach((labels, i) => {
    const own = new Map<string, number>();
    labels.forEach((label, d) => {
      const n = operands[i]!.shape[d]!;
      const mine = own.get(label);
      if (mine !== undefined && mine !== n) {
        throw new ShapeError(`einsum: label '${label}' is repeated in operand ${i} with sizes ${mine} and ${n}; a diagonal needs equal sizes`);
      }
      own.set(label, n);
      const seen = sizes.get(label);
      if (seen === undefined || seen === 1) sizes.set(label, n);
      else if (n !== 1 && n !== seen) throw new ShapeError(`einsum: label '${label}' has size ${seen} in one operand and ${n} in operand ${i}`);
    });
  });
  return sizes;
}

/**
 * einsum(equation, ...operands): e.g. einsum('bij,bjk->bik', a, b) (batched matmul),
 * einsum('ii', a) (trace), einsum('ii->i', a) (diagonal), einsum('i,j->ij', u, v) (outer),
 * einsum('...ij->...ji', a). See einsum-equation.ts for the syntax.
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  checkTensors(operands, 'einsum: operands');
  if (operands.length === 0) throw new ArgumentError('einsum: needs at least one operand');
  const { inputs, output } = parseEquation(equation, operands.map((t) => t.rank));
  const sizes = labelSizes(inputs, operands);
  const sizeOf = (labels: readonly string[]) => labels.reduce((p, l) => p * sizes.get(l)!, 1);
  return atomic(() => {
    const created: Tensor[] = [];
    const made = (t: Tensor) => (created.push(t), t);

    /** op's tensor with its dims in `order` (a permuted copy unless already so). */
    const arrange = (op: Operand, order: readonly string[]): Tensor =>
      order.every((l, i) => op.labels[i] === l) ? op.t : made(permute(op.t, order.map((l) => op.labels.indexOf(l))));

    /** Sums the labels for which `drop` holds. */
    const sumOut = (op: Operand, drop: (label: string) => boolean): Operand => {
      const axes = op.labels.flatMap((l, d) => (drop(l) ? [d] : []));
      if (axes.length === 0) return op;
      return { t: made(sum(op.t, axes)), labels: op.labels.filter((l) => !drop(l)) };
    };

    /** The diagonal of every repeated label: [..., n, ..., n, ...] -> [..., n]. */
    const diagonals = (op: Operand): Operand => {
      for (;;) {
        const label = op.labels.find((l, d) => op.labels.indexOf(l) !== d);
        if (label === undefined) return op;
        const at = op.labels.flatMap((l, d) => (l === label ? [d] : []));
        const rest = op.labels.flatMap((l, d) => (l === label ? [] : [d]));
        const perm = [...rest, ...at];
        const moved = perm.every((d, i) => d === i) ? op.t : made(permute(op.t, perm));
        const n = sizes.get(label)!;
        // Offsets of (i, i, ..., i) in the flattened n^k block: i (1 + n + ... + n^(k-1)).
        let step = 0;
        for (let j = 0, p = 1; j < at.length; j++, p *= n) step += p;
        const index = made(tensor(Int32Array.from({ length: n }, (_, i) => i * step)));
        const flat = made(reshape(moved, [...rest.map((d) => op.t.shape[d]!), n ** at.length]));
        op = { t: made(indexSelect(flat, flat.rank - 1, index)), labels: [...rest.map((d) => op.labels[d]!), label] };
      }
    };

    const prepared = operands.map((t, i): Operand => {
      let op = diagonals({ t, labels: inputs[i]! });
      // A size-1 dim of a label that is larger elsewhere broadcasts: drop it.
      const keep = op.labels.map((l, d) => !(op.t.shape[d] === 1 && sizes.get(l)! > 1));
      if (keep.includes(false)) op = { t: made(reshape(op.t, op.t.shape.filter((_, d) => keep[d]))), labels: op.labels.filter((_, d) => keep[d]) };
      const needed = new Set([...output, ...inputs.flatMap((labels, j) => (j === i ? [] : labels))]);
      return sumOut(op, (l) => !needed.has(l));
    });

    let acc = prepared[0]!;
    for (let i = 1; i < prepared.length; i++) {
      const remaining = new Set([...output, ...inputs.slice(i + 1).flat()]);
      const inR = new Set(acc.labels), inB = new Set(prepared[i]!.labels);
      const r = sumOut(acc, (l) => !inB.has(l) && !remaining.has(l));
      const b = sumOut(prepared[i]!, (l) => !inR.has(l) && !remaining.has(l));
      const batch = r.labels.filter((l) => inB.has(l) && remaining.has(l));
      const contract = r.labels.filter((l) => inB.has(l) && !remaining.has(l));
      const rOnly = r.labels.filter((l) => !inB.has(l));
      const bOnly = b.labels.filter((l) => !inR.has(l));
      const a3 = made(reshape(arrange(r, [...batch, ...rOnly, ...contract]), [sizeOf(batch), sizeOf(rOnly), sizeOf(contract)]));
      const b3 = made(reshape(arrange(b, [...batch, ...contract, ...bOnly]), [sizeOf(batch), sizeOf(contract), sizeOf(bOnly)]));
      // Nothing contracted: an outer product per batch entry, [B, M, 1] * [B, 1, N] broadcast.
      const c = made(contract.length === 0 ? mul(a3, b3) : matmul(a3, b3));
      const labels = [...batch, ...rOnly, ...bOnly];
      acc = { t: made(reshape(c, labels.map((l) => sizes.get(l)!))), labels };
    }
    const final = arrange(acc, output);
    // Always a new tensor (even for 'ij->ij'), sharing storage when no copy was needed.
    const result = created.includes(final) ? final : reshape(final, final.shape);
    for (const t of created) if (t !== result) t.dispose();
    return result;
  });
}
