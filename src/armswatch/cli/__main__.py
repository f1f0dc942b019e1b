"""``python -m armswatch.cli``: the same as the ``armswatch`` command."""

from armswatch.cli import main

main()
