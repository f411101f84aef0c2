/** A decoding stage: token strings -> text. */
export type Decoder = (tokens: readonly string[]) => string;
