// @neurite/metrics: evaluation metrics as plain functions over arrays or tensors.
export {};
