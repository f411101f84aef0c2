// Transformers: attention and its masks, encoder/decoder blocks, positional encodings.
export { generateSquareSubsequentMask, resolveMasks, type ResolvedMasks, sparseBlockLayout } from './attention-masks.ts';
export { MultiheadAttention, type MultiheadAttentionForwardOptions, type MultiheadAttentionOptions } from './multihead-attention.ts';
export { type EncoderLayerForwardOptions, TransformerEncoderLayer, type TransformerLayerOptions } from './encoder-layer.ts';
export { type DecoderLayerForwardOptions, TransformerDecoderLayer } from './decoder-layer.ts';
export { type TransformerActivation } from './feed-forward.ts';
export { TransformerDecoder, TransformerEncoder } from './transformer-stack.ts';
export { LearnedPositionalEmbedding, type PositionOptions, RotaryEmbedding, SinusoidalPositionalEncoding } from './positional-encoding.ts';
export { HierarchicalAttention, type HierarchicalAttentionOptions } from './hierarchical-attention.ts';
