"""``armswatch eval``: the extractor scored against gold."""

from __future__ import annotations

import json
from typing import Any

import click

from armswatch.cli.output import emit, format_option


def _flat(prefix: str, value: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out.append({"metric": prefix, "value": value})


@click.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True), help="Gold .jsonl file or folder.")
@format_option(help="table: the report for reading; json/jsonl: the figures as one object; csv: metric,value rows.")
@click.option("--json", "as_json", is_flag=True, help="The same as --format jsonl (kept for scripts).")
def eval_cmd(gold_path: str, fmt: str, as_json: bool) -> None:
    """Score the extractor against gold (EVENTS.md section 3): core/full P/R/F1, per type, attributes, misses."""
    from armswatch.eval.run import evaluate

    report, text, figures = evaluate(gold_path)
    fmt = "jsonl" if as_json else fmt.lower()
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps(figures, indent=2 if fmt == "json" else None))
        return

    def rows() -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        _flat("", figures, out)
        return out

    emit(rows, fmt, lambda: text)


COMMANDS = (eval_cmd,)
