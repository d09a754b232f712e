#!/usr/bin/env bash
# Makes the reference Python environment the fidelity tests compare against: TensorFlow + Keras (the real
# .h5/.keras/.weights.h5/checkpoint writers), timm, onnx + onnxruntime, safetensors, CPU PyTorch.
# Installs from the configured package index only; prints the interpreter's path on its last line.
# Usage: bash scripts/python-ref.sh   (idempotent; the venv lives in .cache/pyref, which git ignores)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.cache/pyref
py=$(command -v python3.11 || command -v python3)
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import tensorflow, keras, timm, onnx, onnxruntime, safetensors, h5py, torch, torchvision, PIL' >/dev/null 2>&1; then
  "$py" -m venv "$venv" >&2
  "$venv/bin/pip" install -q --retries 0 --timeout 20 'tensorflow-cpu==2.21.*' 'keras==3.15.*' 'timm==1.0.*' onnx onnxruntime safetensors h5py \
    'torch<=2.14.1' 'torchvision<=0.29.1' pillow >&2
fi
echo "$PWD/$venv/bin/python"
