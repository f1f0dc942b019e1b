"""armswatch.sipri: the news beside the SIPRI Arms Transfers Database trade register.

    from armswatch.sipri import read_register, reconcile, import_register, not_in_sipri

    register = read_register("trade-register.csv")     # the real export: notes, 16 columns, ? flags
    report = reconcile(store, "trade-register.csv")     # scoped to the news dyads and years
    print(report.summary())
    import_register(store, "trade-register.csv")        # reference deals; re-import replaces
    for deal in not_in_sipri(store): ...                # what the news has that the register lacks

Modules: ``register`` (reading), ``names`` (SIPRI names -> party codes,
``data/sipri_names.csv``), ``news`` (a deal's figures in register terms),
``match`` (deals <-> groups of orders, differences), ``reconcile`` (scope,
report, formats), ``reference`` (stored reference deals and their links),
``layout`` (export in the register's layout), ``overlay`` (register
designations for weapon recognition).
"""

from armswatch.sipri.layout import EXPORT_HEADER, write_register
from armswatch.sipri.names import lookup, resolve_party, sipri_name
from armswatch.sipri.reconcile import DEFAULT_MARGIN, FORMATS, ReconcileEntry, ReconcileReport, reconcile_rows, render
from armswatch.sipri.reference import (
    ImportSummary,
    NoRegister,
    differing,
    import_register,
    link_reference,
    not_in_sipri,
    orders_of_deal,
    register_info,
    stored_orders,
)
from armswatch.sipri.register import RegisterError, RegisterFile, parse_register, read_register


def reconcile(store, register=None, *, scope: str = "news", margin: int = DEFAULT_MARGIN) -> ReconcileReport:
    """Compare the store's deals with a register file, or with the imported register when ``register`` is None.

    See ``armswatch.sipri.reconcile`` for the scope and ``armswatch.sipri.match``
    for how deals and orders are matched. Raises ``RegisterError`` for a file
    that is no register, ``NoRegister`` when none is given or imported.
    """
    from armswatch.link import list_deals

    deals = list_deals(store, limit=None)
    if register is None:
        info = register_info(store)
        if info is None:
            raise NoRegister()
        # Scoped, only the news dyads' orders are read from the database.
        dyads = {(d.supplier, d.recipient) for d in deals} if scope == "news" else None
        report = reconcile_rows(deals, stored_orders(store, dyads), scope=scope, margin=margin)
        report.version, report.register_rows = info.version, info.n_rows
        return report
    return reconcile_rows(deals, read_register(register), scope=scope, margin=margin)


__all__ = [
    "DEFAULT_MARGIN",
    "EXPORT_HEADER",
    "FORMATS",
    "ImportSummary",
    "NoRegister",
    "ReconcileEntry",
    "ReconcileReport",
    "RegisterError",
    "RegisterFile",
    "differing",
    "import_register",
    "link_reference",
    "lookup",
    "not_in_sipri",
    "orders_of_deal",
    "parse_register",
    "read_register",
    "reconcile",
    "reconcile_rows",
    "register_info",
    "render",
    "resolve_party",
    "sipri_name",
    "stored_orders",
    "write_register",
]
