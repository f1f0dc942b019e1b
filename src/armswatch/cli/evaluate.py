"""``armswatch eval``: the extractor scored against gold."""

from __future__ import annotations

import json

import click


@click.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True), help="Gold .jsonl file or folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def eval_cmd(gold_path: str, as_json: bool) -> None:
    """Score the extractor against gold (EVENTS.md section 3): core/full P/R/F1, per type, attributes, misses."""
    from armswatch.eval.run import evaluate

    report, text, figures = evaluate(gold_path)
    click.echo(json.dumps(figures) if as_json else text)


COMMANDS = (eval_cmd,)
