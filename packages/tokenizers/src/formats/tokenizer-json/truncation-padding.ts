/**
 * tokenizer.json's `truncation` and `padding` sections: validated when present (integers in range,
 * known strategies and directions) so a malformed file is refused with TokenizerFileError. They
 * are not applied by encode: pass `truncation` and `padding` options to encodeWithOffsets instead.
 */
import { LIMITS } from '../limits.ts';
import { fail, integer, object, oneOf, string } from './fields.ts';

/** Largest sequence length (max_length, a Fixed padding length) a file may name. */
export const MAX_SEQUENCE_LENGTH = 0xffffffff;
/** Largest pad_to_multiple_of. */
export const MAX_PAD_MULTIPLE = 1 << 20;
/** Largest type (segment) id. */
export const MAX_TYPE_ID = 0xffff;

const DIRECTIONS = ['Left', 'Right'] as const;

export function checkTruncation(value: unknown): void {
  if (value === undefined || value === null) return;
  const t = object(value, 'truncation');
  const maxLength = integer(t['max_length'], 'truncation.max_length', 0, MAX_SEQUENCE_LENGTH);
  integer(t['stride'], 'truncation.stride', 0, Math.max(0, maxLength - 1), { fallback: 0 });
  oneOf(t['strategy'], ['LongestFirst', 'OnlyFirst', 'OnlySecond'], 'LongestFirst', 'truncation.strategy');
  oneOf(t['direction'], DIRECTIONS, 'Right', 'truncation.direction');
}

export function checkPadding(value: unknown): void {
  if (value === undefined || value === null) return;
  const p = object(value, 'padding');
  const strategy = p['strategy'] ?? 'BatchLongest';
  if (strategy !== 'BatchLongest') {
    if (typeof strategy !== 'object' || strategy === null || Array.isArray(strategy) || Object.keys(strategy).length !== 1 || !('Fixed' in strategy)) {
      fail('bad-syntax', 'padding.strategy', 'expected "BatchLongest" or {"Fixed": length}');
    }
    integer((strategy as Record<string, unknown>)['Fixed'], 'padding.strategy.Fixed', 0, MAX_SEQUENCE_LENGTH);
  }
  oneOf(p['direction'], DIRECTIONS, 'Right', 'padding.direction');
  integer(p['pad_to_multiple_of'], 'padding.pad_to_multiple_of', 1, MAX_PAD_MULTIPLE, { fallback: 1 });
  integer(p['pad_id'], 'padding.pad_id', 0, LIMITS.maxId, { fallback: 0, id: true });
  integer(p['pad_type_id'], 'padding.pad_type_id', 0, MAX_TYPE_ID, { fallback: 0 });
  if (p['pad_token'] !== undefined && p['pad_token'] !== null) string(p['pad_token'], 'padding.pad_token');
}
