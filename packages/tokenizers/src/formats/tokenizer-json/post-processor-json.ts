/** Post-processors in tokenizer.json: the template of single sequences, and offset trimming. */
import type { Template } from '../../pipeline/post-processors/template.ts';
import { LIMITS } from '../limits.ts';
import { fail, flag, integer, object, string } from './fields.ts';
import { MAX_TYPE_ID } from './truncation-padding.ts';
import type { PostProcessorSpec } from './types.ts';

/** Most ids one template special token may stand for, and most pieces of a template. */
const MAX_TEMPLATE_IDS = 64;
/** Deepest nesting of Sequence post-processors (as for normalizers and pre-tokenizers). */
const MAX_DEPTH = 8;

/** The template of a post-processor (TemplateProcessing, BertProcessing, RobertaProcessing, or one inside a Sequence), validated. */
export function template(spec: PostProcessorSpec | null, idOf: (token: string) => number | undefined, field = 'post_processor', depth = 0): Template | undefined {
  if (spec === null || spec === undefined) return undefined;
  if (depth > MAX_DEPTH) fail('inconsistent', field, `post-processors nest deeper than ${MAX_DEPTH} levels`);
  object(spec, field);
  const checked = (token: string, id: number, where: string): number => {
    if (idOf(token) !== id) fail('inconsistent', where, `${JSON.stringify(token)} has id ${id} here but ${idOf(token)} in the vocabulary`);
    return id;
  };
  switch (spec.type) {
    case 'BertProcessing':
    case 'RobertaProcessing': {
      if (!Array.isArray(spec.cls) || !Array.isArray(spec.sep)) fail('bad-syntax', field, 'cls and sep must be [token, id]');
      if (spec.type === 'RobertaProcessing') {
        flag(spec.trim_offsets, true, `${field}.trim_offsets`);
        flag(spec.add_prefix_space, true, `${field}.add_prefix_space`);
      }
      const [cls, sep] = (['cls', 'sep'] as const).map((key) => checked(string(spec[key][0], `${field}.${key}[0]`), integer(spec[key][1], `${field}.${key}[1]`, 0, LIMITS.maxId, { id: true }), `${field}.${key}`));
      return { prefix: [cls!], suffix: [sep!] };
    }
    case 'TemplateProcessing': {
      if (!Array.isArray(spec.single) || spec.single.length > MAX_TEMPLATE_IDS) fail('bad-syntax', `${field}.single`, `expected an array of at most ${MAX_TEMPLATE_IDS} pieces`);
      const prefix: number[] = [];
      const suffix: number[] = [];
      let seenSequence = false;
      const specials = object(spec.special_tokens ?? {}, `${field}.special_tokens`);
      spec.single.forEach((piece, i) => {
        const where = `${field}.single[${i}]`;
        const p = object(piece, where);
        if (p['Sequence'] !== undefined) {
          if (seenSequence) fail('inconsistent', where, 'a single-sequence template has one Sequence');
          integer(object(p['Sequence'], `${where}.Sequence`)['type_id'], `${where}.Sequence.type_id`, 0, MAX_TYPE_ID, { fallback: 0 });
          seenSequence = true;
          return;
        }
        const special = object(p['SpecialToken'], `${where}.SpecialToken`);
        const name = string(special['id'], `${where}.SpecialToken.id`);
        integer(special['type_id'], `${where}.SpecialToken.type_id`, 0, MAX_TYPE_ID, { fallback: 0 });
        const entryField = `${field}.special_tokens.${name}`;
        const entry = Object.hasOwn(specials, name) ? object(specials[name], entryField) : undefined;
        if (entry === undefined) {
          const id = idOf(name);
          if (id === undefined) fail('missing-token', where, `special token ${JSON.stringify(name)} is not in the vocabulary`);
          (seenSequence ? suffix : prefix).push(id);
          return;
        }
        const ids = entry['ids'];
        const texts = entry['tokens'];
        if (!Array.isArray(ids) || ids.length > MAX_TEMPLATE_IDS) fail('bad-syntax', `${entryField}.ids`, `expected an array of at most ${MAX_TEMPLATE_IDS} ids`);
        if (!Array.isArray(texts) || texts.length !== ids.length) fail('bad-syntax', `${entryField}.tokens`, 'expected an array as long as ids');
        ids.forEach((raw, k) => {
          const id = integer(raw, `${entryField}.ids[${k}]`, 0, LIMITS.maxId, { id: true });
          (seenSequence ? suffix : prefix).push(checked(string(texts[k], `${entryField}.tokens[${k}]`), id, `${entryField}.ids[${k}]`));
        });
      });
      if (!seenSequence) fail('inconsistent', `${field}.single`, 'has no Sequence');
      return { prefix, suffix };
    }
    case 'ByteLevel':
      return undefined;
    case 'Sequence': {
      if (!Array.isArray(spec.processors)) fail('bad-syntax', `${field}.processors`, 'expected an array');
      let found: Template | undefined;
      spec.processors.forEach((p, i) => {
        const t = template(p, idOf, `${field}.processors[${i}]`, depth + 1);
        if (t !== undefined && found !== undefined) fail('inconsistent', field, 'has two templates');
        found = t ?? found;
      });
      return found;
    }
    default:
      return fail('unsupported-type', `${field}.type`, `post-processor type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)`);
  }
}

/** The offset-trimming post-processor (ByteLevel or RobertaProcessing, also inside a Sequence), if any. */
export function trimmingProcessor(spec: PostProcessorSpec | null | undefined, field = 'post_processor'): { trim: boolean; addPrefixSpace: boolean } {
  if (spec === null || spec === undefined) return { trim: false, addPrefixSpace: true };
  if (spec.type === 'ByteLevel' || spec.type === 'RobertaProcessing') return { trim: flag(spec.trim_offsets, true, `${field}.trim_offsets`), addPrefixSpace: flag(spec.add_prefix_space, true, `${field}.add_prefix_space`) };
  if (spec.type === 'Sequence' && Array.isArray(spec.processors)) {
    for (const [i, p] of spec.processors.entries()) if (p?.type === 'ByteLevel' || p?.type === 'RobertaProcessing') return trimmingProcessor(p, `${field}.processors[${i}]`);
  }
  return { trim: false, addPrefixSpace: true };
}
