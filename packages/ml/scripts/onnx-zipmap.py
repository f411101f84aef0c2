#!/usr/bin/env python3
"""Runs the ZipMap models written by scripts/onnx-zipmap.mjs in Python's onnxruntime and writes
fixtures/onnx-zipmap.json: per model, the labels and the maps (class label -> probability) it returns.

Usage: node scripts/onnx-zipmap.mjs DIR && python3 scripts/onnx-zipmap.py DIR
Needs onnxruntime and numpy (`pip install --no-index onnxruntime` from the local wheel index).
"""
import json, pathlib, sys

import numpy as np
import onnxruntime

folder = pathlib.Path(sys.argv[1])
spec = json.loads((folder / 'inputs.json').read_text())
x = np.array(spec['inputs'], dtype=np.float32)
out = {'producer': f'onnxruntime {onnxruntime.__version__} (Python), scripts/onnx-zipmap.py', 'inputs': spec['inputs'], 'models': {}}
for name in spec['order']:
    session = onnxruntime.InferenceSession(str(folder / f'{name}.onnx'), providers=['CPUExecutionProvider'])
    labels, maps = session.run(['label', 'probabilities'], {'input': x})
    out['models'][name] = {
        'labels': [v if isinstance(v, str) else int(v) for v in labels.tolist()],
        'maps': [{str(k): float(p) for k, p in row.items()} for row in maps],
    }
target = pathlib.Path(__file__).resolve().parent.parent / 'fixtures' / 'onnx-zipmap.json'
target.write_text(json.dumps(out, indent=1) + '\n')
print(f'wrote {target.name}: {len(spec["order"])} models, {len(spec["inputs"])} rows')
