import type { Normalized } from '../normalized.ts';

/** A normalization stage: maps a Normalized text to a new one, keeping the alignment to the original. */
export type Normalizer = (input: Normalized) => Normalized;
