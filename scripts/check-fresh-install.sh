#!/usr/bin/env bash
# What a new user does: `pip install .` into a bare venv (whatever pip that venv ships), then
# `armswatch run examples/`. Fails when a dependency or a data file is missing from the package.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PY" -m venv "$work/venv"
# The ranges of pyproject.toml, resolved to the lock so the check is reproducible; a plain
# (non-editable) install, so only what is packaged is there.
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt . 2>&1 | grep -v "is ignored" || true
cd "$work"
"$work/venv/bin/armswatch" run --db "$work/fresh.db" "$OLDPWD/examples" > "$work/out.txt"
grep -q "AGREEMENT\|DELIVERY\|EMBARGO" "$work/out.txt" \
  || { echo "check-fresh-install: armswatch run examples/ printed no events" >&2; cat "$work/out.txt" >&2; exit 1; }
"$work/venv/bin/armswatch" events --db "$work/fresh.db" --party pakistan --format json > /dev/null
echo "check-fresh-install: pip install . + armswatch run examples/ work in a bare venv" >&2
