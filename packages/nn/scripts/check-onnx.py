#!/usr/bin/env python3
"""Runs ONNX's checker (full_check, with shape inference) on every .onnx file of a directory.

Usage: node scripts/check-onnx.mjs DIR && python3 scripts/check-onnx.py DIR
Needs the onnx package (Debian's python3-onnx, or `pip install --no-index onnx` from the local wheel index).
"""
import pathlib, sys
import onnx

files = sorted(pathlib.Path(sys.argv[1]).glob('*.onnx'))
if not files:
    sys.exit(f'no .onnx files in {sys.argv[1]}')
for f in files:
    model = onnx.load(str(f))
    onnx.checker.check_model(model, full_check=True)
    print(f'{f.name}: valid (IR {model.ir_version}, opset {model.opset_import[0].version}, {len(model.graph.node)} nodes)')
