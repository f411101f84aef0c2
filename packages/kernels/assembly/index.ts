// Every kernel family, one file each. Exports take pointers (usize), sizes and strides (i32)
// and scalars (f32); they return void or a scalar. Names carry dtype: `<kernel>_f32`.
export { heap_base } from './math';
export { axpby_f32, copy_f32, fill_f32, unary_op_count } from './elementwise';
export * from './generated/unary-dispatch';
export { gemm_f32 } from './gemm';
export * from './conv';
export * from './pool';
export { arg_reduce_f32, clip_by_value_f32, cumsum_f32, moments_f32, reduce_f32, squared_norm_f32 } from './reduce';
export * from './strided';
export { softmax_backward_f32, softmax_cross_entropy_f32, softmax_f32 } from './softmax';
export { adagrad_f32, adam_f32, rmsprop_f32, sgd_f32 } from './optim';
export { batch_norm_backward_f32, batch_norm_inference_f32, batch_norm_train_f32, group_norm_backward_f32, group_norm_f32, layer_norm_backward_f32, layer_norm_f32 } from './norm';
export { gru_cell_backward_f32, gru_cell_f32, lstm_cell_backward_f32, lstm_cell_f32, rnn_cell_backward_f32, rnn_cell_f32 } from './recurrent';
export * from './gather';
export { gemm_f64 } from './gemm-f64';
export { pairwise_sqdist_f32, pairwise_sqdist_f64 } from './pairwise';
export * from './binary';
export { axpby_f64, clip_by_value_f64, copy_f64, fill_f64 } from './elementwise-f64';
export * from './elementwise-i32';
export { arg_reduce_f64, arg_reduce_i32, reduce_f64, reduce_i32, squared_norm_f64 } from './reduce-f64-i32';
export { softmax_backward_f64, softmax_cross_entropy_f64, softmax_f64 } from './softmax-f64';
export { cumsum_f64, cumsum_i32, moments_f64 } from './moments-cumsum-f64';
export { cast_f32_f64, cast_f64_f32, cast_f64_i32, cast_i32_f64 } from './cast';
export { gru_cell_backward_f64, gru_cell_f64, lstm_cell_backward_f64, lstm_cell_f64, rnn_cell_backward_f64, rnn_cell_f64 } from './recurrent-f64';
export { attention_f32 } from './attention';
export { attention_backward_f32 } from './attention-backward';
export { attention_backward_f64, attention_f64 } from './attention-f64';
