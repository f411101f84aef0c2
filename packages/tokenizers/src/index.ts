export { TokenizerFileError, DisallowedSpecialTokenError, TokenizerArgumentError } from './errors.ts';
export type { TokenizerFileErrorCode } from './errors.ts';
