// Saving and loading fitted estimators as safetensors files.
export { ESTIMATOR_FORMAT, loadEstimatorSafetensors, saveEstimatorSafetensors } from './estimator-safetensors.ts';
