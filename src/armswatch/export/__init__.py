"""armswatch.export: the store's events and deals in the formats analysts use.

    from armswatch.export import export_events, export_deals, export_sipri_register, export_cameo, reconcile

    export_events(store, "parquet", "events.parquet")     # jsonl | csv | parquet
    export_deals(store, "jsonl", "deals.jsonl")           # claims and conflicts included
    export_sipri_register(store, "register.csv")          # the SIPRI trade register's own layout
    export_cameo(store, "events.tsv")                     # CAMEO codes, GDELT-like columns
    report = reconcile(store, "sipri_register.csv")       # matched / only in news / only in SIPRI (armswatch.sipri)
    print(report.summary())

Every export function takes a path or an open file and returns the number of
rows written.
"""

from armswatch.export.cameo import CAMEO_COLUMNS, cameo_code, cameo_table, export_cameo
from armswatch.export.records import DEAL_SCHEMA, EVENT_SCHEMA
from armswatch.export.sipri import (
    REGISTER_COLUMNS,
    ReconcileEntry,
    ReconcileReport,
    export_sipri_register,
    read_register,
    reconcile,
)
from armswatch.export.tables import TABLE_FORMATS, ExportError, export_deals, export_events

__all__ = [
    "CAMEO_COLUMNS",
    "DEAL_SCHEMA",
    "EVENT_SCHEMA",
    "ExportError",
    "REGISTER_COLUMNS",
    "ReconcileEntry",
    "ReconcileReport",
    "TABLE_FORMATS",
    "cameo_code",
    "cameo_table",
    "export_cameo",
    "export_deals",
    "export_events",
    "export_sipri_register",
    "read_register",
    "reconcile",
]
