/** The parts of Hugging Face's tokenizer.json format this package reads and writes. */

export type NormalizerSpec =
  | { type: 'BertNormalizer'; clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean }
  | { type: 'Lowercase' }
  | { type: 'NFD' }
  | { type: 'NFC' }
  | { type: 'NFKC' }
  | { type: 'NFKD' }
  | { type: 'StripAccents' }
  | { type: 'Sequence'; normalizers: NormalizerSpec[] };

export type PreTokenizerSpec =
  | { type: 'BertPreTokenizer' }
  | { type: 'Whitespace' }
  | { type: 'WhitespaceSplit' }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | {
      type: 'Split';
      pattern: { String?: string; Regex?: string };
      /** Removed, Isolated (the default here), MergedWithPrevious, MergedWithNext or Contiguous. */
      behavior?: string;
      invert?: boolean;
    }
  | { type: 'Metaspace'; replacement?: string; prepend_scheme?: 'always' | 'first' | 'never'; split?: boolean; add_prefix_space?: boolean }
  | { type: 'Sequence'; pretokenizers: PreTokenizerSpec[] };

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

export type TemplatePiece = { SpecialToken: { id: string; type_id?: number } } | { Sequence: { id: 'A' | 'B'; type_id?: number } };

export type PostProcessorSpec =
  | { type: 'TemplateProcessing'; single: TemplatePiece[]; pair?: TemplatePiece[]; special_tokens: Record<string, { id: string; ids: number[]; tokens: string[] }> }
  | { type: 'BertProcessing'; sep: [string, number]; cls: [string, number] }
  | { type: 'RobertaProcessing'; sep: [string, number]; cls: [string, number]; trim_offsets?: boolean; add_prefix_space?: boolean }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'Sequence'; processors: PostProcessorSpec[] };

export type DecoderSpec =
  | { type: 'WordPiece'; prefix?: string; cleanup?: boolean }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'BPEDecoder'; suffix?: string }
  | { type: 'Metaspace'; replacement?: string; prepend_scheme?: 'always' | 'first' | 'never'; split?: boolean; add_prefix_space?: boolean }
  | { type: 'ByteFallback' }
  | { type: 'Fuse' }
  | { type: 'Sequence'; decoders: DecoderSpec[] };

export type ModelJson =
  | { type: 'WordPiece'; unk_token: string; continuing_subword_prefix?: string; max_input_chars_per_word?: number; vocab: Record<string, number> }
  | { type: 'WordLevel'; unk_token: string; vocab: Record<string, number> }
  | {
      type: 'BPE';
      dropout?: number | null;
      unk_token?: string | null;
      continuing_subword_prefix?: string | null;
      end_of_word_suffix?: string | null;
      fuse_unk?: boolean;
      byte_fallback?: boolean;
      ignore_merges?: boolean;
      vocab: Record<string, number>;
      merges: Array<string | [string, string]>;
    }
  | { type: 'Unigram'; unk_id?: number | null; vocab: [string, number][]; byte_fallback?: boolean };

export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: AddedTokenJson[];
  normalizer: NormalizerSpec | null;
  pre_tokenizer: PreTokenizerSpec | null;
  post_processor: PostProcessorSpec | null;
  decoder: DecoderSpec | null;
  model: ModelJson;
}
