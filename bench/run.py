#!/usr/bin/env python3
"""armswatch throughput benchmark: synthetic mixed news stream at 1k / 10k / 50k articles.

    .venv/bin/python bench/run.py                      # the default run (under 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --sizes 1k --baseline 0
    .venv/bin/python bench/run.py --sizes 10k --workers 2   # on a local Dask cluster

Prints a table and, as its last line, one JSON object. The same benchmark is
``armswatch bench``; the code is ``armswatch.scale.bench``, the corpus
templates are in ``src/armswatch/scale/templates``. See docs/SCALE.md.
"""

import sys
from pathlib import Path

try:
    import armswatch  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from armswatch.scale.bench import main

if __name__ == "__main__":
    sys.exit(main())
