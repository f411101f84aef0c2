// The Tensor: a shape, a dtype and a block of WebAssembly memory, so kernels run on it with no copy.
//
// Contracts:
// - Data is contiguous row-major. Tensors are immutable to users; the only in-place methods say
//   so in their name (`assignInPlace_`, `addScaledInPlace_`), for optimizers.
// - Storage is reference-counted: reshape/squeeze/unsqueeze/detach return new tensors that share
//   the block; the block is freed when the last tensor using it is disposed.
// - Every tensor is tracked by the innermost `scope()` that was open when it was created.
// - Use after dispose throws DisposedError; dispose twice is a no-op.
import { axpby, copy } from '@neurite/kernels';
import { type Node, unrefNode } from './autograd/node.ts';
import { type AnyTypedArray, BYTES_PER_ELEMENT, type DType } from './dtype.ts';
import { ArgumentError, DisposedError, DTypeError, NotInitializedError, ShapeError } from './errors.ts';
import { allocBlock, freeBlock, type Runtime, runtime, runtimeUnchecked } from './runtime.ts';
import { checkDType, checkInteger, checkNumber, checkShape, describeValue } from './validate.ts';

/** @internal A heap block shared by the tensors that view it. */
export class Storage {
  readonly ptr: number;
  readonly bytes: number;
  refs = 1;
  constructor(ptr: number, bytes: number) {
    this.ptr = ptr;
    this.bytes = bytes;
  }
}

export type NestedArray = number | NestedArray[];

/** What the safety net needs to free a tensor the program dropped without dispose(): never the tensor itself. */
interface Orphan {
  rt: Runtime;
  storage: Storage;
  /** Where the tensor was created (debug mode only). */
  stack: string | undefined;
}

/**
 * The safety net (DESIGN: scope()/dispose() stay the deterministic way): a tensor that becomes
 * unreachable without dispose() gives its reference to the heap block back when the garbage
 * collector finalizes it, so a loop that forgets to dispose stays bounded as long as it lets the
 * event loop run (finalizers run between tasks, never inside a synchronous op). In debug mode each
 * such tensor is reported with the stack where it was created.
 */
const orphans = new FinalizationRegistry<Orphan>((o) => {
  o.rt.liveTensors--;
  if (--o.storage.refs === 0) {
    o.rt.liveBytes -= o.storage.bytes;
    freeBlock(o.rt, o.storage.ptr, o.storage.bytes);
  }
  if (o.stack !== undefined) console.warn(`@neurite/tensor: a tensor was garbage-collected without dispose(); it was created ${o.stack.split('\n').slice(2).join('\n')}`);
});

/** A tensor or a number (broadcast as a scalar of the tensor's dtype), as the elementwise functions take. */
type TensorOrNumber = Tensor | number;
/** One axis, several, or (omitted) all of them. */
type AxesArgument = number | readonly number[];

/**
 * The chainable methods of Tensor. Each one calls the function of the same name with the tensor as
 * first argument (`x.add(y)` is `add(x, y)`): the same validation, broadcasting, dtypes and
 * autograd. The functions are handed over by `init()` / `setBackend()` (tensor-methods.ts), so
 * this file imports no op and no op imports back.
 */
export const TENSOR_METHOD_NAMES = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'neg', 'abs', 'sign', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'relu', 'leakyRelu', 'sigmoid',
  'tanh', 'gelu', 'geluTanh', 'softplus', 'silu', 'mish', 'sin', 'cos', 'floor', 'ceil', 'round', 'erf', 'clamp',
  'isnan', 'isinf', 'isfinite',
  'sum', 'mean', 'max', 'min', 'logsumexp', 'variance', 'std', 'argmax', 'argmin', 'cumsum', 'all', 'any',
  'softmax', 'logSoftmax', 'matmul',
  'reshape', 'flatten', 'squeeze', 'unsqueeze', 'permute', 'transpose', 'expand', 'flip', 'repeat', 'tile', 'tril', 'triu',
  'cast', 'clone', 'maskedFill', 'indexSelect', 'where',
] as const;

/** @internal A chainable method's name. */
export type TensorMethodName = (typeof TENSOR_METHOD_NAMES)[number];

/** @internal The function behind each method: the method's parameters after the tensor itself. */
export type TensorMethodOps = {
  [K in TensorMethodName]: (self: Tensor, ...args: Parameters<Tensor[K]>) => Tensor;
};

let methodOps: TensorMethodOps | undefined;

/** @internal Called by init() / setBackend() with the op functions. */
export function installTensorMethodOps(ops: TensorMethodOps): void {
  methodOps = ops;
}

function ops(what: string): TensorMethodOps {
  if (methodOps === undefined) throw new NotInitializedError(`Tensor.${what}`);
  return methodOps;
}

export class Tensor {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements (1 for rank 0). */
  readonly size: number;
  /** True for leaves created with `requiresGrad` and for outputs of recorded ops. */
  requiresGrad = false;
  /** @internal */ storage: Storage;
  /** @internal The op that produced this tensor (null for leaves and detached tensors). */
  node: Node<Tensor> | null = null;
  /** @internal Set by keep(): scopes leave it alone. */
  kept = false;
  private gradient: Tensor | null = null;
  private disposed = false;
  private guarded = false;

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, rt: Runtime) {
    this.id = rt.nextId++;
    this.storage = storage;
    this.shape = shape; // owned: callers pass a fresh array or another tensor's (never mutated)
    this.dtype = dtype;
    let n = 1;
    for (let i = 0; i < shape.length; i++) n *= shape[i]!;
    this.size = n;
    rt.liveTensors++;
    const scopes = rt.scopes;
    if (scopes.length > 0) scopes[scopes.length - 1]!.tracked.push(this);
    else this.guard(rt);
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Byte address of the first element in the backend's heap (for calling kernels directly). */
  get dataPtr(): number {
    if (this.disposed) throw new DisposedError('dataPtr');
    return this.storage.ptr;
  }

  /** Accumulated gradient of a leaf after `backward()` (null before). Owned by this tensor. */
  get grad(): Tensor | null {
    return this.gradient;
  }
  set grad(g: Tensor | null) {
    if (g === this.gradient) return;
    if (g !== null) {
      checkTensor(g, 'grad');
      if (g.dtype !== this.dtype || g.shape.length !== this.shape.length || g.shape.some((d, i) => d !== this.shape[i])) {
        throw new ShapeError(`grad: gradient of shape [${g.shape}] ${g.dtype} does not match the tensor's [${this.shape}] ${this.dtype}`);
      }
    }
    this.gradient?.dispose(); // only once the new gradient is known to fit
    if (g !== null) g.kept = true;
    this.gradient = g;
  }

  /** Takes the gradient out without disposing it (the caller owns it). */
  takeGrad(): Tensor | null {
    const g = this.gradient;
    this.gradient = null;
    return g;
  }

  /** Disposes the gradient (the next backward() starts from zero). */
  zeroGrad(): void {
    this.grad = null;
  }

  /** Marks this tensor as a leaf that accumulates a gradient. Returns this. */
  setRequiresGrad(flag = true): this {
    this.assertLive('setRequiresGrad');
    if (typeof flag !== 'boolean') throw new ArgumentError(`setRequiresGrad: flag must be true or false, got ${describeValue(flag)}`);
    if (this.node !== null && !flag) throw new ShapeError('setRequiresGrad: an op output cannot stop requiring grad; use detach()');
    if (flag && this.dtype === 'int32') throw new DTypeError('setRequiresGrad: int32 tensors cannot require grad (use float32)');
    this.requiresGrad = flag;
    return this;
  }

  /** Reverse-mode autograd from this tensor (a scalar, unless `gradient` is given). */
  backward(gradient?: Tensor, options?: { retainGraph?: boolean }): void {
    runtime('backward').autograd.backward(this, gradient, options);
  }

  /** A tensor sharing this one's data with no autograd history. */
  detach(): Tensor {
    this.assertLive('detach');
    this.storage.refs++;
    return new Tensor(this.storage, this.shape, this.dtype, runtimeUnchecked());
  }

  /**
   * @internal Puts this tensor under the safety net (see `orphans`): done when it is created outside
   * any scope or leaves the scopes' control (kept, or returned from the outermost scope), so the
   * intermediates that scopes free pay nothing for it.
   */
  guard(rt: Runtime = runtimeUnchecked()): void {
    if (this.guarded || this.disposed) return;
    this.guarded = true;
    orphans.register(this, { rt, storage: this.storage, stack: rt.debug ? new Error().stack : undefined }, this);
  }

  /** Frees this tensor (its block once no other tensor shares it). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.guarded) orphans.unregister(this);
    const rt = runtimeUnchecked();
    rt.liveTensors--;
    const s = this.storage;
    if (--s.refs === 0) {
      rt.liveBytes -= s.bytes;
      freeBlock(rt, s.ptr, s.bytes);
    }
    if (this.gradient !== null) {
      this.gradient.dispose();
      this.gradient = null;
    }
    if (this.node !== null) {
      unrefNode(this.node);
      this.node = null;
    }
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Exempts this tensor from the enclosing scopes' cleanup. Returns this. */
  keep(): this {
    this.assertLive('keep');
    this.kept = true;
    return this;
  }

  /** A copy of the data as a typed array (Float32Array, Int32Array or Float64Array). */
  toArray(): AnyTypedArray {
    this.assertLive('toArray');
    return this.view().slice();
  }

  /** Same as toArray(). */
  data(): AnyTypedArray {
    return this.toArray();
  }

  /** The single element of a size-1 tensor. */
  item(): number {
    this.assertLive('item');
    if (this.size !== 1) throw new ShapeError(`item: tensor has shape [${this.shape}] (${this.size} elements), expected exactly 1 element`);
    return this.view()[0]!;
  }

  /** The data as nested arrays (a number for rank 0). */
  toNested(): NestedArray {
    this.assertLive('toNested');
    const data = this.view();
    const shape = this.shape;
    if (shape.length === 0) return data[0]!;
    let pos = 0;
    const build = (d: number): NestedArray[] => {
      const out: NestedArray[] = new Array(shape[d]!);
      for (let i = 0; i < shape[d]!; i++) out[i] = d === shape.length - 1 ? data[pos++]! : build(d + 1);
      return out;
    };
    return build(0);
  }

  /** Copies `source`'s values into this tensor's storage, in place (same shape and dtype). */
  assignInPlace_(source: Tensor): this {
    this.assertLive('assignInPlace_');
    checkTensor(source, 'assignInPlace_: source');
    if (source.size !== this.size || source.dtype !== this.dtype) {
      throw new ShapeError(`assignInPlace_: source [${source.shape}] ${source.dtype} does not match target [${this.shape}] ${this.dtype}`);
    }
    if (source.storage !== this.storage) copy(runtimeUnchecked().backend, source.storage.ptr, this.storage.ptr, this.size, { dtype: this.dtype });
    return this;
  }

  /** this += alpha * source, in place (same shape and dtype): the SGD update of optimizers. */
  addScaledInPlace_(source: Tensor, alpha: number): this {
    this.assertLive('addScaledInPlace_');
    checkTensor(source, 'addScaledInPlace_: source');
    checkNumber(alpha, 'addScaledInPlace_: alpha');
    if (source.size !== this.size || source.dtype !== this.dtype || this.dtype === 'int32') {
      throw new ShapeError(`addScaledInPlace_: source [${source.shape}] ${source.dtype} does not match target [${this.shape}] ${this.dtype} (float only)`);
    }
    if (this.size === 0) return this;
    axpby(runtimeUnchecked().backend, alpha, source.storage.ptr, 1, this.storage.ptr, this.size, { dtype: this.dtype });
    return this;
  }

  /** @internal A fresh view of the data (invalid after any allocation: never keep it). */
  view(): AnyTypedArray {
    const heap = runtimeUnchecked().heap;
    const p = this.storage.ptr;
    if (this.dtype === 'float32') return heap.f32(p, this.size);
    if (this.dtype === 'int32') return heap.i32(p, this.size);
    return heap.f64(p, this.size);
  }

  /** @internal Throws DisposedError naming `what`. */
  assertLive(what: string): void {
    if (this.disposed) throw new DisposedError(what);
  }

  // Chainable methods: `x.matmul(w).add(b).relu()` is `relu(add(matmul(x, w), b))`. Each calls the
  // function of the same name (same semantics and autograd); see the functions for details.

  /** `add(this, other)`: elementwise sum with broadcasting. */
  add(other: TensorOrNumber): Tensor { return ops('add').add(this, other); }
  /** `sub(this, other)`. */
  sub(other: TensorOrNumber): Tensor { return ops('sub').sub(this, other); }
  /** `mul(this, other)`. */
  mul(other: TensorOrNumber): Tensor { return ops('mul').mul(this, other); }
  /** `div(this, other)`. */
  div(other: TensorOrNumber): Tensor { return ops('div').div(this, other); }
  /** `pow(this, exponent)`. */
  pow(exponent: TensorOrNumber): Tensor { return ops('pow').pow(this, exponent); }
  /** `maximum(this, other)`: elementwise maximum. */
  maximum(other: TensorOrNumber): Tensor { return ops('maximum').maximum(this, other); }
  /** `minimum(this, other)`: elementwise minimum. */
  minimum(other: TensorOrNumber): Tensor { return ops('minimum').minimum(this, other); }
  /** `eq(this, other)`: 1 where equal, else 0. */
  eq(other: TensorOrNumber): Tensor { return ops('eq').eq(this, other); }
  /** `ne(this, other)`. */
  ne(other: TensorOrNumber): Tensor { return ops('ne').ne(this, other); }
  /** `lt(this, other)`. */
  lt(other: TensorOrNumber): Tensor { return ops('lt').lt(this, other); }
  /** `le(this, other)`. */
  le(other: TensorOrNumber): Tensor { return ops('le').le(this, other); }
  /** `gt(this, other)`. */
  gt(other: TensorOrNumber): Tensor { return ops('gt').gt(this, other); }
  /** `ge(this, other)`. */
  ge(other: TensorOrNumber): Tensor { return ops('ge').ge(this, other); }

  /** `neg(this)`. */
  neg(): Tensor { return ops('neg').neg(this); }
  /** `abs(this)`. */
  abs(): Tensor { return ops('abs').abs(this); }
  /** `sign(this)`. */
  sign(): Tensor { return ops('sign').sign(this); }
  /** `exp(this)`. */
  exp(): Tensor { return ops('exp').exp(this); }
  /** `expm1(this)`. */
  expm1(): Tensor { return ops('expm1').expm1(this); }
  /** `log(this)`. */
  log(): Tensor { return ops('log').log(this); }
  /** `log1p(this)`. */
  log1p(): Tensor { return ops('log1p').log1p(this); }
  /** `sqrt(this)`. */
  sqrt(): Tensor { return ops('sqrt').sqrt(this); }
  /** `rsqrt(this)`. */
  rsqrt(): Tensor { return ops('rsqrt').rsqrt(this); }
  /** `square(this)`. */
  square(): Tensor { return ops('square').square(this); }
  /** `reciprocal(this)`. */
  reciprocal(): Tensor { return ops('reciprocal').reciprocal(this); }
  /** `relu(this)`. */
  relu(): Tensor { return ops('relu').relu(this); }
  /** `leakyRelu(this, alpha)` (alpha 0.01 as PyTorch). */
  leakyRelu(alpha?: number): Tensor { return ops('leakyRelu').leakyRelu(this, alpha); }
  /** `sigmoid(this)`. */
  sigmoid(): Tensor { return ops('sigmoid').sigmoid(this); }
  /** `tanh(this)`. */
  tanh(): Tensor { return ops('tanh').tanh(this); }
  /** `gelu(this)` (the exact GELU). */
  gelu(): Tensor { return ops('gelu').gelu(this); }
  /** `geluTanh(this)` (the tanh approximation). */
  geluTanh(): Tensor { return ops('geluTanh').geluTanh(this); }
  /** `softplus(this)`. */
  softplus(): Tensor { return ops('softplus').softplus(this); }
  /** `silu(this)`. */
  silu(): Tensor { return ops('silu').silu(this); }
  /** `mish(this)`. */
  mish(): Tensor { return ops('mish').mish(this); }
  /** `sin(this)`. */
  sin(): Tensor { return ops('sin').sin(this); }
  /** `cos(this)`. */
  cos(): Tensor { return ops('cos').cos(this); }
  /** `floor(this)`. */
  floor(): Tensor { return ops('floor').floor(this); }
  /** `ceil(this)`. */
  ceil(): Tensor { return ops('ceil').ceil(this); }
  /** `round(this)`. */
  round(): Tensor { return ops('round').round(this); }
  /** `erf(this)`. */
  erf(): Tensor { return ops('erf').erf(this); }
  /** `clamp(this, lo, hi)`. */
  clamp(lo: number, hi: number): Tensor { return ops('clamp').clamp(this, lo, hi); }
  /** `isnan(this)`. */
  isnan(): Tensor { return ops('isnan').isnan(this); }
  /** `isinf(this)`. */
  isinf(): Tensor { return ops('isinf').isinf(this); }
  /** `isfinite(this)`. */
  isfinite(): Tensor { return ops('isfinite').isfinite(this); }

  /** `sum(this, axes, keepdims)`: over every axis when `axes` is omitted. */
  sum(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('sum').sum(this, axes, keepdims); }
  /** `mean(this, axes, keepdims)`. */
  mean(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('mean').mean(this, axes, keepdims); }
  /** `max(this, axes, keepdims)`: the maximum values (see `argmax` for indices). */
  max(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('max').max(this, axes, keepdims); }
  /** `min(this, axes, keepdims)`. */
  min(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('min').min(this, axes, keepdims); }
  /** `logsumexp(this, axes, keepdims)`. */
  logsumexp(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('logsumexp').logsumexp(this, axes, keepdims); }
  /** `variance(this, axes, keepdims, correction)` (correction 0 by default). */
  variance(axes?: AxesArgument, keepdims?: boolean, correction?: number): Tensor { return ops('variance').variance(this, axes, keepdims, correction); }
  /** `std(this, axes, keepdims, correction)`. */
  std(axes?: AxesArgument, keepdims?: boolean, correction?: number): Tensor { return ops('std').std(this, axes, keepdims, correction); }
  /** `argmax(this, axis, keepdims)`: int32 indices (of the flattened tensor when `axis` is omitted). */
  argmax(axis?: number, keepdims?: boolean): Tensor { return ops('argmax').argmax(this, axis, keepdims); }
  /** `argmin(this, axis, keepdims)`. */
  argmin(axis?: number, keepdims?: boolean): Tensor { return ops('argmin').argmin(this, axis, keepdims); }
  /** `cumsum(this, axis, options)`. */
  cumsum(axis: number, options?: { reverse?: boolean }): Tensor { return ops('cumsum').cumsum(this, axis, options); }
  /** `all(this, axes, keepdims)`: 1 where every element is non-zero. */
  all(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('all').all(this, axes, keepdims); }
  /** `any(this, axes, keepdims)`. */
  any(axes?: AxesArgument, keepdims?: boolean): Tensor { return ops('any').any(this, axes, keepdims); }

  /** `softmax(this, axis)` (last axis by default). */
  softmax(axis?: number): Tensor { return ops('softmax').softmax(this, axis); }
  /** `logSoftmax(this, axis)`. */
  logSoftmax(axis?: number): Tensor { return ops('logSoftmax').logSoftmax(this, axis); }
  /** `matmul(this, other)`: matrix product with NumPy's batching rules. */
  matmul(other: Tensor): Tensor { return ops('matmul').matmul(this, other); }

  /** `reshape(this, shape)` (one -1 allowed; shares the data). */
  reshape(shape: readonly number[]): Tensor { return ops('reshape').reshape(this, shape); }
  /** `flatten(this)`: rank 1, shares the data. */
  flatten(): Tensor { return ops('flatten').flatten(this); }
  /** `squeeze(this, axes)`: drops size-1 axes (all of them when omitted). */
  squeeze(axes?: AxesArgument): Tensor { return ops('squeeze').squeeze(this, axes); }
  /** `unsqueeze(this, axis)`. */
  unsqueeze(axis: number): Tensor { return ops('unsqueeze').unsqueeze(this, axis); }
  /** `permute(this, perm)`. */
  permute(perm: readonly number[]): Tensor { return ops('permute').permute(this, perm); }
  /** `transpose(this, axis0, axis1)` (the last two axes by default). */
  transpose(axis0?: number, axis1?: number): Tensor { return ops('transpose').transpose(this, axis0, axis1); }
  /** `expand(this, shape)`: broadcast to `shape`. */
  expand(shape: readonly number[]): Tensor { return ops('expand').expand(this, shape); }
  /** `flip(this, axes)`. */
  flip(axes: AxesArgument): Tensor { return ops('flip').flip(this, axes); }
  /** `repeat(this, repeats)` (PyTorch's Tensor.repeat). */
  repeat(repeats: readonly number[]): Tensor { return ops('repeat').repeat(this, repeats); }
  /** `tile(this, reps)`. */
  tile(reps: readonly number[]): Tensor { return ops('tile').tile(this, reps); }
  /** `tril(this, diagonal)`. */
  tril(diagonal?: number): Tensor { return ops('tril').tril(this, diagonal); }
  /** `triu(this, diagonal)`. */
  triu(diagonal?: number): Tensor { return ops('triu').triu(this, diagonal); }

  /** `cast(this, dtype)`. */
  cast(dtype: DType): Tensor { return ops('cast').cast(this, dtype); }
  /** `clone(this)`: a copy with its own data (recorded by autograd). */
  clone(): Tensor { return ops('clone').clone(this); }
  /** `maskedFill(this, mask, value)`: `value` where `mask` is non-zero. */
  maskedFill(mask: Tensor, value: number): Tensor { return ops('maskedFill').maskedFill(this, mask, value); }
  /** `indexSelect(this, axis, indices)`. */
  indexSelect(axis: number, indices: Tensor): Tensor { return ops('indexSelect').indexSelect(this, axis, indices); }
  /** As PyTorch's `Tensor.where`: `where(condition, this, other)`, this where `condition` is non-zero, else `other`. */
  where(condition: Tensor, other: TensorOrNumber): Tensor { return ops('where').where(this, condition, other); }

  toString(): string {
    if (this.disposed) return `Tensor(disposed)`;
    const preview = this.size <= 16 ? JSON.stringify(this.toNested()) : `${this.size} elements`;
    return `Tensor(shape=[${this.shape}], dtype=${this.dtype}, ${preview})`;
  }
}

/** @internal A new uninitialized tensor (contents undefined). */
export function emptyTensor(shape: readonly number[], dtype: DType, what = 'tensor'): Tensor {
  const rt = runtime(what);
  const checked = checkShape(shape, what);
  let n = 1;
  for (const d of checked) n *= d;
  const bytes = n * BYTES_PER_ELEMENT[checkDType(dtype, what)];
  const ptr = allocBlock(rt, bytes);
  rt.liveBytes += bytes;
  return new Tensor(new Storage(ptr, bytes), checked, dtype, rt);
}

/** @internal `x` must be a live Tensor (ArgumentError when it is not a tensor, DisposedError when disposed). */
export function checkTensor(x: unknown, what: string): Tensor {
  if (!(x instanceof Tensor)) throw new ArgumentError(`${what}: expected a Tensor, got ${describeValue(x)}`);
  x.assertLive(what);
  return x;
}

/** @internal Every element of `list` is a live Tensor. */
export function checkTensors(list: unknown, what: string): readonly Tensor[] {
  if (!Array.isArray(list)) throw new ArgumentError(`${what}: expected an array of tensors, got ${describeValue(list)}`);
  list.forEach((t, i) => checkTensor(t, `${what}[${i}]`));
  return list as Tensor[];
}

/** @internal A new uninitialized tensor of a fresh, valid shape array (taken over; no checks). */
export function emptyFresh(shape: number[], dtype: DType): Tensor {
  const rt = runtimeUnchecked();
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  const bytes = n * BYTES_PER_ELEMENT[dtype];
  const ptr = allocBlock(rt, bytes);
  rt.liveBytes += bytes;
  return new Tensor(new Storage(ptr, bytes), shape, dtype, rt);
}

/** @internal A new uninitialized tensor with the (frozen) shape of `like`: no shape checks. */
export function emptyLike(like: Tensor, dtype: DType = like.dtype): Tensor {
  const rt = runtimeUnchecked();
  const bytes = like.size * BYTES_PER_ELEMENT[dtype];
  const ptr = allocBlock(rt, bytes);
  rt.liveBytes += bytes;
  return new Tensor(new Storage(ptr, bytes), like.shape, dtype, rt);
}

/** @internal A tensor of `shape` sharing `source`'s storage (sizes must match). */
export function shareStorage(source: Tensor, shape: readonly number[]): Tensor {
  source.storage.refs++;
  return new Tensor(source.storage, shape === source.shape ? shape : shape.slice(), source.dtype, runtimeUnchecked());
}

/**
 * Takes ownership of a heap block allocated with `getBackend().heap.alloc` (e.g. a kernel's output):
 * the tensor frees it on dispose. The block must hold `product(shape)` elements of `dtype`.
 */
export function adoptPointer(ptr: number, shape: readonly number[], dtype: DType = 'float32'): Tensor {
  const rt = runtime('adoptPointer');
  checkInteger(ptr, 'adoptPointer: ptr', 0);
  const checked = checkShape(shape, 'adoptPointer');
  let n = 1;
  for (const d of checked) n *= d;
  const bytes = n * BYTES_PER_ELEMENT[checkDType(dtype, 'adoptPointer')];
  if (rt.heap.isLive(ptr) && rt.heap.sizeOf(ptr) < bytes) {
    throw new ShapeError(`adoptPointer: block at ${ptr} holds ${rt.heap.sizeOf(ptr)} bytes, shape [${shape}] ${dtype} needs ${bytes}`);
  }
  if (!rt.heap.isLive(ptr)) throw new ShapeError(`adoptPointer: ${ptr} is not a live heap block`);
  rt.liveBytes += rt.heap.sizeOf(ptr);
  return new Tensor(new Storage(ptr, rt.heap.sizeOf(ptr)), checked, dtype, rt);
}
