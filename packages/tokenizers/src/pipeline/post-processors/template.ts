/**
 * The post-processing stage for single sequences (Hugging Face's TemplateProcessing, BertProcessing,
 * RobertaProcessing): ids placed before and after the tokens (e.g. [CLS] and [SEP]).
 */
export interface Template {
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
}

/** No template tokens. */
export const EMPTY_TEMPLATE: Template = { prefix: [], suffix: [] };
