// Every kernel family, one file each. Exports take pointers (usize), sizes and strides (i32)
// and scalars (f32); they return void or a scalar. Names carry dtype: `<kernel>_f32`.
export { heap_base } from './math';
export * from './elementwise';
export { gemm_f32 } from './gemm';
export * from './conv';
export * from './pool';
