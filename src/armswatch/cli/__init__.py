"""The ``armswatch`` command line: a thin shell over the library, one module per command group.

==================  ===========================================================
module              commands
==================  ===========================================================
``pipeline``        ``run``, ``ingest``, ``extract``
``query``           ``events``, ``show``
``deals``           ``link``, ``deals``, ``deal``, ``dyad``, ``reconcile``
``export``          ``export``
``sipri``           ``sipri import``, ``sipri info``
``evaluate``        ``eval``
``serve``           ``serve``
``bench``           ``bench``
``watch``           ``watch`` (and ``--refresh``, ``--field`` of run, ingest, extract)
==================  ===========================================================

``common`` holds the ``--db`` option and store opening, ``options`` the click callbacks
over :mod:`armswatch.lookup`, ``render`` the event table. Each command module lists its
commands in ``COMMANDS``; this module adds them to :func:`main`, the console entry point.
Heavy imports happen inside the commands, so that ``armswatch --help`` stays fast.
"""

from __future__ import annotations

from armswatch.cli import (
    bench,
    deals,
    evaluate,
    export,
    pipeline,
    query,
    serve,
    sipri,
    watch,
)
from armswatch.cli.app import main

for _module in (pipeline, query, deals, export, sipri, evaluate, serve, bench, watch):
    for _command in _module.COMMANDS:
        main.add_command(_command)
watch.add_input_options(pipeline.COMMANDS)

__all__ = ["main"]
