import { NeuriteError } from '@neurite/tensor';

/**
 * Typed errors of @neurite/nn (subclasses of NeuriteError, like every Neurite error). Each has a stable `code` for programs and a message that names
 * what was wrong and what was expected.
 */

/** Codes of ModelLoadError: one per way an untrusted model file can be invalid. */
export type ModelLoadErrorCode =
  | 'FILE_TOO_SHORT'
  | 'HEADER_TOO_LARGE'
  | 'HEADER_TRUNCATED'
  | 'HEADER_NOT_UTF8'
  | 'HEADER_INVALID_JSON'
  | 'HEADER_TOO_DEEP'
  | 'HEADER_NOT_OBJECT'
  | 'HEADER_DUPLICATE_KEY'
  | 'DUPLICATE_TENSOR_NAME'
  | 'TENSOR_NAME_INVALID'
  | 'METADATA_INVALID'
  | 'TENSOR_ENTRY_INVALID'
  | 'DTYPE_UNSUPPORTED'
  | 'SHAPE_INVALID'
  | 'SIZE_OVERFLOW'
  | 'OFFSETS_INVALID'
  | 'SIZE_MISMATCH'
  | 'OFFSETS_NOT_CONTIGUOUS'
  | 'DATA_TRUNCATED'
  | 'TRAILING_BYTES'
  | 'STATE_MISSING_KEY'
  | 'STATE_UNEXPECTED_KEY'
  | 'STATE_SHAPE_MISMATCH'
  | 'STATE_DTYPE_MISMATCH'
  | 'STATE_INVALID';

/** A model, state dict or safetensors file is invalid. Nothing was loaded (no partial model). */
export class ModelLoadError extends NeuriteError {
  override readonly name: string = 'ModelLoadError';
  declare readonly code: ModelLoadErrorCode;
  constructor(code: ModelLoadErrorCode, message: string) {
    super(`${code}: ${message}`, code);
  }
}

/** What was asked to be saved cannot be written (bad name, dtype or data length). */
export class ModelSaveError extends NeuriteError {
  override readonly name: string = 'ModelSaveError';
  constructor(message: string) {
    super(message, 'MODEL_SAVE');
  }
}

/**
 * An optimizer step cannot be applied: a step counter at its limit or a state buffer that no
 * longer matches its parameter. Thrown before any parameter changes.
 */
export class OptimizerStepError extends NeuriteError {
  override readonly name: string = 'OptimizerStepError';
  constructor(message: string) {
    super(message, 'OPTIMIZER_STEP');
  }
}
