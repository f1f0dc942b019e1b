#!/usr/bin/env bash
# Lint and type checks (CI runs this before the tests; tests/test_code_health.py too):
#   ruff check on src/ (rules in pyproject.toml), ruff format --check on the modules already
#   formatted (FORMATTED below; add a module once it is reformatted), mypy on src/.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
FORMATTED=(src/armswatch/__init__.py src/armswatch/cli/__init__.py src/armswatch/cli/app.py src/armswatch/cli/common.py src/armswatch/cli/output.py)
rc=0
"$PY" -m ruff check src || rc=1
"$PY" -m ruff format --check "${FORMATTED[@]}" || rc=1
"$PY" -m mypy || rc=1
exit "$rc"
