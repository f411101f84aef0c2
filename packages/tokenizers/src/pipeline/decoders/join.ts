import type { Decoder } from './decoder.ts';

/** Tokens joined by one space (Hugging Face's default when a tokenizer has no decoder). */
export const spaceJoinDecoder: Decoder = (tokens) => tokens.join(' ');

/** Tokens concatenated (character-level tokenizers that keep spaces as tokens). */
export const concatDecoder: Decoder = (tokens) => tokens.join('');
