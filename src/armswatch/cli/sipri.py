"""``armswatch sipri ...``: the SIPRI register stored beside the news (a thin shell over ``armswatch.sipri``).

    armswatch sipri import REGISTER.csv    # reference deals; re-import replaces, the same file changes nothing
    armswatch sipri info                   # the register stored: version, source, orders, deals attached
"""

from __future__ import annotations

import json

import click

from armswatch.cli.common import db_option, open_db, open_for_reading


@click.group("sipri")
def sipri_group() -> None:
    """The SIPRI trade register stored as reference deals (import, info)."""


@sipri_group.command("import")
@click.argument("register", type=click.Path(exists=True, dir_okay=False))
@db_option
def import_cmd(register: str, db: str | None) -> None:
    """Store REGISTER (a SIPRI trade-register CSV export) as reference deals and attach news deals to them."""
    from armswatch.sipri import RegisterError, import_register

    with open_db(db) as store:
        try:
            summary = import_register(store, register)
        except (RegisterError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
    for problem in summary.problems:
        click.echo(problem.describe(), err=True)
    for name, n in summary.unmapped.items():
        click.echo(f"armswatch: {register}: SIPRI name not in sipri_names.csv, stored without a code: "
                   f"{name!r} ({n} rows)", err=True)
    if summary.unchanged:
        head = f"register {summary.version!r} already imported, unchanged"
    else:
        head = f"{summary.rows} register orders imported (version {summary.version!r}"
        head += f", replacing {summary.replaced!r})" if summary.replaced else ")"
    click.echo(f"{head}; {summary.linked_deals} news deals attached to register orders; "
               f"{len(summary.problems)} rows skipped; {len(summary.unmapped)} unmapped names")


@sipri_group.command("info")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def info_cmd(db: str | None, fmt: str) -> None:
    """Show the register stored: its "Data generated" version, source file, number of orders, deals attached."""
    from armswatch.sipri.reference import linked_deal_ids, register_info

    with open_for_reading(db) as store:
        info = register_info(store)
        attached = len(linked_deal_ids(store)) if info else 0
    if info is None:
        raise click.ClickException("no SIPRI register imported into this database: run `armswatch sipri import REGISTER.csv`")
    if fmt == "json":
        click.echo(json.dumps({"version": info.version, "source": info.source, "encoding": info.encoding,
                               "orders": info.n_rows, "imported_at": info.imported_at,
                               "sha256": info.content_hash, "deals_attached": attached}, ensure_ascii=False))
        return
    click.echo(f"version:  {info.version}\nsource:   {info.source} ({info.encoding}, sha256 {info.content_hash[:12]})\n"
               f"orders:   {info.n_rows}\nimported: {info.imported_at}\nattached: {attached} news deals")


COMMANDS = (sipri_group,)

__all__ = ["COMMANDS", "sipri_group"]
