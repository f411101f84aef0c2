// The linear-algebra kernels (float32 and float64), re-exported by index.ts.
export { cholesky_f32, cholesky_f64, lu_f32, lu_f64, triangular_solve_f32, triangular_solve_f64 } from './linalg-factor';
export { qr_f32, qr_f64, qr_q_f32, qr_q_f64 } from './linalg-qr';
export { jacobi_eigh_f32, jacobi_eigh_f64, jacobi_svd_f32, jacobi_svd_f64 } from './linalg-jacobi';
export { symmetric_eigh_f32, symmetric_eigh_f64 } from './linalg-eigh';
export { scatter_f32, scatter_f64 } from './linalg-scatter';
export { scatter_i32 } from './linalg-scatter-i32';
