"""Writes the Hugging Face parity fixtures of the tokenizer.json reader (CI reads them; it never runs Python).

Oracle: Hugging Face `tokenizers` for Python (the Rust implementation). Run from the package folder:

    python3 -m venv .venv && .venv/bin/pip install tokenizers
    .venv/bin/python scripts/hugging-face-fixtures.py

It writes, into src/formats/tokenizer-json/fixtures/ (each file names its producer and version):

- split-pre-tokenizer.json: Split pieces (text and code-point offsets) for every behaviour, with and
  without invert, for literal String patterns, simple regular expressions and the known split
  patterns (r50k, cl100k, o200k) on a few strings.
- split-byte-level.json: a small byte-level BPE trained here, written with
  Sequence[Split(pattern, behaviour, invert), ByteLevel(use_regex=false)] for every behaviour and
  invert (the cl100k/o200k tokenizer.json shape), and the ids and offsets of a few strings.
- lone-surrogates.json: a small BERT-style WordPiece tokenizer (BertNormalizer with and without
  clean_text) and the ids and offsets of texts with lone surrogates.
  Python strings sent to Rust must be valid UTF-8, so each lone surrogate is sent as U+FFFD, which
  is what any UTF-8 encoder (TextEncoder, Hugging Face's Node bindings) makes of it.

Offsets from Python count code points; the tests convert them to UTF-16 units.
"""
import json
import os

import tokenizers
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'formats', 'tokenizer-json', 'fixtures')
PRODUCER = f'Hugging Face tokenizers {tokenizers.__version__} (Python), scripts/hugging-face-fixtures.py'

# tiktoken's spellings (src/pretokenize/patterns.ts PATTERN_SOURCES)
PATTERNS = {
    'r50k': r"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
    'cl100k': r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    'o200k': '|'.join([
        r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
        r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
        r'\p{N}{1,3}',
        r' ?[^\s\p{L}\p{N}]+[\r\n/]*',
        r'\s*[\r\n]+',
        r'\s+(?!\S)',
        r'\s+',
    ]),
}
# Python's names of the behaviours, and the names tokenizer.json uses
BEHAVIORS = {
    'removed': 'Removed',
    'isolated': 'Isolated',
    'merged_with_previous': 'MergedWithPrevious',
    'merged_with_next': 'MergedWithNext',
    'contiguous': 'Contiguous',
}
TEXTS = [
    'the-final--countdown-',
    '-a--b-',
    "Hello, world! It's 2024; DON'T stop 12345.",
    '  two  spaces\n\nand lines\r\n end  ',
    'emoji 😀😀 and 中文字 x',
    '',
]


def pieces(pre_tokenizer, text):
    return [[piece, start, end] for piece, (start, end) in pre_tokenizer.pre_tokenize_str(text)]


def split_fixture():
    patterns = [
        {'String': '-'},
        {'String': '--'},
        {'String': ' '},
        {'Regex': '[0-9]+'},
        {'Regex': '[a-z]+'},
    ] + [{'Regex': source} for source in PATTERNS.values()]
    cases = []
    for pattern in patterns:
        oracle_pattern = pattern['String'] if 'String' in pattern else Regex(pattern['Regex'])
        for behavior, json_name in BEHAVIORS.items():
            for invert in (False, True):
                split = pre_tokenizers.Split(oracle_pattern, behavior, invert)
                cases.append({
                    'pattern': pattern,
                    'behavior': json_name,
                    'invert': invert,
                    'pieces': {text: pieces(split, text) for text in TEXTS},
                })
    return {'producer': PRODUCER, 'texts': TEXTS, 'cases': cases}


BYTE_LEVEL_CORPUS = [
    "Hello, world! It's a small corpus for a small byte-level BPE.",
    'The quick brown fox jumps over the lazy dog; the dog sleeps.',
    "DON'T stop: 12345 67890, emoji 😀 and 中文字.",
    '  spaces  and\nnew lines\r\n  everywhere  ',
] * 4

BYTE_LEVEL_TEXTS = [
    "Hello, world! It's 2024.",
    '  leading and trailing  ',
    "DON'T stop the quick fox 😀 中文",
    'new\nlines\r\n here',
    'x',
]


def byte_level_fixture():
    def with_split(tokenizer, source, behavior, invert):
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(source), behavior, invert),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ])

    tokenizer = Tokenizer(models.BPE())
    with_split(tokenizer, PATTERNS['cl100k'], 'isolated', False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=420, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=['<|endoftext|>'], show_progress=False)
    tokenizer.train_from_iterator(BYTE_LEVEL_CORPUS, trainer)
    base = json.loads(tokenizer.to_str())
    cases = []
    for name in ('r50k', 'cl100k', 'o200k'):
        for behavior, json_name in BEHAVIORS.items():
            for invert in (False, True):
                with_split(tokenizer, PATTERNS[name], behavior, invert)
                encodings = tokenizer.encode_batch(BYTE_LEVEL_TEXTS)
                cases.append({
                    'pattern': name,
                    'behavior': json_name,
                    'invert': invert,
                    'pre_tokenizer': json.loads(tokenizer.to_str())['pre_tokenizer'],
                    'ids': [e.ids for e in encodings],
                    'offsets': [[list(o) for o in e.offsets] for e in encodings],
                })
    return {'producer': PRODUCER, 'tokenizer': base, 'texts': BYTE_LEVEL_TEXTS, 'cases': cases}


# BERT uncased rules over a vocabulary with the letters around the lone surrogates
BERT_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'a', 'z', 'x', 'y', 'hello', 'world', '##z', '##y', '!', '\ufffd', '##\ufffd']
# lone surrogates written as Python escapes; json.dumps keeps them as \\udXXX escapes
LONE_SURROGATE_TEXTS = ['a\ud83dz', '\ud83d', 'x \udc00 y', 'hello\ud83d world!', 'a\ud83d\ude00z', 'ab\udc00\ud83d', '\udc00\ud83d\ud83dz']


def as_sent(text):
    """Lone surrogates -> U+FFFD (what a UTF-8 encoder does); pairs stay."""
    return text.encode('utf-16', 'surrogatepass').decode('utf-16', 'replace')


def lone_surrogate_fixture():
    vocab = {token: i for i, token in enumerate(BERT_VOCAB)}
    results = {}
    for clean_text in (True, False):
        tokenizer = Tokenizer(models.WordPiece(vocab, unk_token='[UNK]'))
        tokenizer.normalizer = normalizers.BertNormalizer(clean_text=clean_text, lowercase=True)
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.decoder = decoders.WordPiece()
        key = 'clean_text' if clean_text else 'no_clean_text'
        results[key] = {
            'tokenizer': json.loads(tokenizer.to_str()),
            'cases': [
                {'text': text, 'sent': as_sent(text), 'tokens': e.tokens, 'ids': e.ids, 'offsets': [list(o) for o in e.offsets]}
                for text, e in ((t, tokenizer.encode(as_sent(t))) for t in LONE_SURROGATE_TEXTS)
            ],
        }
    return {'producer': PRODUCER, **results}


def write(name, value):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        f.write(json.dumps(value, ensure_ascii=True, separators=(',', ':')) + '\n')


if __name__ == '__main__':
    write('split-pre-tokenizer.json', split_fixture())
    write('split-byte-level.json', byte_level_fixture())
    write('lone-surrogates.json', lone_surrogate_fixture())
