// Reader of SentencePiece `.model` files: a protobuf ModelProto (sentencepiece_model.proto, proto2),
// decoded with protobufjs's wire Reader. Only the fields a tokenizer needs are kept; every other
// field is skipped by its wire type. Field numbers and defaults are those of sentencepiece 0.1.97:
//   ModelProto      pieces = 1 (repeated), trainer_spec = 2, normalizer_spec = 3
//   SentencePiece   piece = 1, score = 2, type = 3 (NORMAL 1, UNKNOWN 2, CONTROL 3, USER_DEFINED 4, UNUSED 5, BYTE 6)
//   TrainerSpec     model_type = 3 (UNIGRAM 1, BPE 2, WORD 3, CHAR 4), treat_whitespace_as_suffix = 24,
//                   byte_fallback = 35, unk_id = 40, bos_id = 41, eos_id = 42, pad_id = 43, unk_surface = 44
//   NormalizerSpec  name = 1, precompiled_charsmap = 2, add_dummy_prefix = 3, remove_extra_whitespaces = 4,
//                   escape_whitespaces = 5
// The file is untrusted: protobufjs checks every length against the buffer; counts are capped here.
import protobuf from 'protobufjs/minimal.js';
import { TokenizerFileError } from '../errors.ts';
import { LIMITS } from '../formats/limits.ts';

const FILE = 'sentencepiece.model';

export type PieceType = 'normal' | 'unknown' | 'control' | 'user-defined' | 'unused' | 'byte';
const PIECE_TYPES: Record<number, PieceType> = { 1: 'normal', 2: 'unknown', 3: 'control', 4: 'user-defined', 5: 'unused', 6: 'byte' };
const MODEL_TYPES: Record<number, SentencePieceModelType> = { 1: 'unigram', 2: 'bpe', 3: 'word', 4: 'char' };
export type SentencePieceModelType = 'unigram' | 'bpe' | 'word' | 'char';

export interface SentencePiece {
  piece: string;
  score: number;
  type: PieceType;
}

export interface SentencePieceModelProto {
  pieces: SentencePiece[];
  modelType: SentencePieceModelType;
  byteFallback: boolean;
  treatWhitespaceAsSuffix: boolean;
  unkId: number;
  bosId: number;
  eosId: number;
  padId: number;
  unkSurface: string;
  normalizer: {
    name: string;
    precompiledCharsmap: Uint8Array;
    addDummyPrefix: boolean;
    removeExtraWhitespaces: boolean;
    escapeWhitespaces: boolean;
  };
}

type Reader = protobuf.Reader;

/** Calls `field(number, wireType)` for each field of the message ending at `end`; unhandled fields return false and are skipped. */
function readMessage(reader: Reader, end: number, field: (number: number, wireType: number) => boolean): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const number = tag >>> 3, wireType = tag & 7;
    if (number === 0) throw new TokenizerFileError('bad-syntax', FILE, `field number 0 at byte ${reader.pos}`);
    if (!field(number, wireType)) reader.skipType(wireType);
  }
  if (reader.pos !== end) throw new TokenizerFileError('bad-syntax', FILE, `a message overruns its length (ends at ${reader.pos}, expected ${end})`);
}

function expectWire(number: number, wireType: number, expected: number, what: string): void {
  if (wireType !== expected) throw new TokenizerFileError('bad-syntax', FILE, `${what} (field ${number}) has wire type ${wireType}, expected ${expected}`);
}

function subEnd(reader: Reader): number {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) throw new TokenizerFileError('bad-syntax', FILE, `a ${length}-byte field at byte ${reader.pos} runs past the end of the file`);
  return end;
}

export function parseSentencePieceModel(bytes: Uint8Array): SentencePieceModelProto {
  if (!(bytes instanceof Uint8Array)) throw new TokenizerFileError('bad-syntax', FILE, 'expected the file as a Uint8Array');
  if (bytes.length > LIMITS.maxFileChars) throw new TokenizerFileError('too-large', FILE, `${bytes.length} bytes, more than ${LIMITS.maxFileChars}`);
  const model: SentencePieceModelProto = {
    pieces: [], modelType: 'unigram', byteFallback: false, treatWhitespaceAsSuffix: false,
    unkId: 0, bosId: 1, eosId: 2, padId: -1, unkSurface: ' \u2047 ',
    normalizer: { name: '', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true },
  };
  const reader = protobuf.Reader.create(bytes);
  try {
    readMessage(reader, bytes.length, (number, wire) => {
      if (number === 1) {
        expectWire(number, wire, 2, 'pieces');
        if (model.pieces.length >= LIMITS.maxEntries) throw new TokenizerFileError('too-many-entries', FILE, `more than ${LIMITS.maxEntries} pieces`);
        const piece: SentencePiece = { piece: '', score: 0, type: 'normal' };
        readMessage(reader, subEnd(reader), (n, w) => {
          if (n === 1) { expectWire(n, w, 2, 'piece'); piece.piece = reader.string(); return true; }
          if (n === 2) { expectWire(n, w, 5, 'score'); piece.score = reader.float(); return true; }
          if (n === 3) {
            expectWire(n, w, 0, 'type');
            const t = reader.int32();
            const type = PIECE_TYPES[t];
            if (!type) throw new TokenizerFileError('bad-token', FILE, `piece ${model.pieces.length}: unknown type ${t}`);
            piece.type = type;
            return true;
          }
          return false;
        });
        if (!Number.isFinite(piece.score)) throw new TokenizerFileError('bad-token', FILE, `piece ${model.pieces.length}: score is ${piece.score}`);
        model.pieces.push(piece);
        return true;
      }
      if (number === 2) {
        expectWire(number, wire, 2, 'trainer_spec');
        readMessage(reader, subEnd(reader), (n, w) => {
          if (n === 3) { expectWire(n, w, 0, 'model_type'); const t = reader.int32(); const m = MODEL_TYPES[t]; if (!m) throw new TokenizerFileError('unsupported-type', FILE, `model_type ${t}`); model.modelType = m; return true; }
          if (n === 24) { expectWire(n, w, 0, 'treat_whitespace_as_suffix'); model.treatWhitespaceAsSuffix = reader.bool(); return true; }
          if (n === 35) { expectWire(n, w, 0, 'byte_fallback'); model.byteFallback = reader.bool(); return true; }
          if (n >= 40 && n <= 43) {
            expectWire(n, w, 0, 'special id');
            const id = reader.int32();
            if (n === 40) model.unkId = id; else if (n === 41) model.bosId = id; else if (n === 42) model.eosId = id; else model.padId = id;
            return true;
          }
          if (n === 44) { expectWire(n, w, 2, 'unk_surface'); model.unkSurface = reader.string(); return true; }
          return false;
        });
        return true;
      }
      if (number === 3) {
        expectWire(number, wire, 2, 'normalizer_spec');
        const spec = model.normalizer;
        readMessage(reader, subEnd(reader), (n, w) => {
          if (n === 1) { expectWire(n, w, 2, 'name'); spec.name = reader.string(); return true; }
          if (n === 2) { expectWire(n, w, 2, 'precompiled_charsmap'); spec.precompiledCharsmap = reader.bytes(); return true; }
          if (n === 3) { expectWire(n, w, 0, 'add_dummy_prefix'); spec.addDummyPrefix = reader.bool(); return true; }
          if (n === 4) { expectWire(n, w, 0, 'remove_extra_whitespaces'); spec.removeExtraWhitespaces = reader.bool(); return true; }
          if (n === 5) { expectWire(n, w, 0, 'escape_whitespaces'); spec.escapeWhitespaces = reader.bool(); return true; }
          return false;
        });
        return true;
      }
      return false;
    });
  } catch (e) {
    if (e instanceof TokenizerFileError) throw e;
    throw new TokenizerFileError('bad-syntax', FILE, `not a valid SentencePiece model protobuf (${(e as Error).message})`);
  }
  const size = model.pieces.length;
  if (size === 0) throw new TokenizerFileError('bad-syntax', FILE, 'the model has no pieces');
  for (const [name, id] of [['unk_id', model.unkId], ['bos_id', model.bosId], ['eos_id', model.eosId], ['pad_id', model.padId]] as const) {
    if (id < -1 || id >= size) throw new TokenizerFileError('id-out-of-range', FILE, `${name} ${id} is outside [-1, ${size})`);
  }
  if (model.unkId < 0 || model.pieces[model.unkId]!.type !== 'unknown') throw new TokenizerFileError('inconsistent', FILE, `unk_id ${model.unkId} is not a piece of type UNKNOWN`);
  return model;
}
