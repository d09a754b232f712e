#!/usr/bin/env bash
# Makes the reference Python environments the fidelity tests compare against, from the configured
# package index only (idempotent; both live outside the repo, in $INCEPTION_PYREF_DIR or
# ~/.cache/inception-explorer, so a packager never sees their symlinks and a fresh clone reuses them):
#   pyref        TensorFlow + Keras (the real .h5/.keras/.weights.h5/checkpoint writers), onnx,
#                       onnxruntime, safetensors, h5py, pillow, CPU PyTorch (no torchvision: the index's
#                       torchvision wheel is the CUDA build and does not import with CPU torch)
#   pytorch-ref  Debian's python3 with Debian's python3-torch and -torchvision (system site
#                       packages) plus timm and safetensors: torch.save, torchvision and timm files
# Usage: bash scripts/python-ref.sh [--torch]   prints the interpreter's path on its last line
# (--torch: the PyTorch one). A stamp makes the second call instant.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${INCEPTION_PYREF_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/inception-explorer}
mkdir -p "$base"
pip_install() { "$1/bin/pip" install -q --retries 0 --timeout 20 "${@:2}" >&2; }

if [ "${1:-}" = "--torch" ]; then
  venv=$base/pytorch-ref
  if [ ! -f "$venv/.ready" ]; then
    rm -rf "$venv"
    /usr/bin/python3 -m venv --system-site-packages "$venv" >&2
    # --no-deps: timm's own requirements (torch, torchvision) are Debian's here.
    pip_install "$venv" --no-deps 'timm==1.0.*' safetensors pyyaml
    "$venv/bin/python" -c 'import torch, torchvision, timm, safetensors, h5py, PIL' >&2
    touch "$venv/.ready"
  fi
else
  venv=$base/pyref
  if [ ! -f "$venv/.ready" ]; then
    py=$(command -v python3.11 || command -v python3)
    [ -x "$venv/bin/python" ] || "$py" -m venv "$venv" >&2
    pip_install "$venv" 'tensorflow-cpu==2.21.*' 'keras==3.15.*' onnx onnxruntime safetensors h5py pillow 'torch<=2.14.1'
    "$venv/bin/pip" uninstall -q -y torchvision timm >/dev/null 2>&1 || true
    "$venv/bin/python" -c 'import tensorflow, keras, onnx, onnxruntime, safetensors, h5py, torch, PIL' >&2
    touch "$venv/.ready"
  fi
fi
echo "$venv/bin/python"
