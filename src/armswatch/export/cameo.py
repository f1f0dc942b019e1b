"""CAMEO-coded event rows in GDELT-like column order (``armswatch export --format cameo``).

The code of each event comes from ``armswatch/data/cameo.csv`` (event type +
modality -> CAMEO code; see the data README). Events whose row has no code
(denied ones) are not written.

Columns (tab-separated, with a header line): the GDELT event-table columns
that armswatch can fill, in GDELT's order, then armswatch's own.

- ``GLOBALEVENTID``: the armswatch event id.
- ``SQLDATE`` (YYYYMMDD), ``MonthYear``, ``Year``, ``FractionDate``: the
  publication date when the event has no year or happened in the publication
  year; otherwise 1 January of the event's year (GDELT dates events by
  report; arms transfers are usually reported years later). Empty when
  neither is known.
- ``Actor1*``: the supplier, ``Actor2*``: the recipient. ``*Code`` is the
  armswatch party code, ``*Name`` a name for it, ``*CountryCode`` the ISO3
  code for states (empty for bodies and armed groups).
- ``IsRootEvent`` 1; ``EventCode``, ``EventBaseCode``, ``EventRootCode``,
  ``QuadClass``, ``GoldsteinScale`` from cameo.csv; ``NumMentions`` the number
  of places the article was found, ``NumSources`` and ``NumArticles`` 1;
  ``AvgTone`` empty; ``DATEADDED`` when the article was stored
  (YYYYMMDDHHMMSS, UTC); ``SOURCEURL`` its first URL (else path).
- armswatch columns: ``ArmsEventType``, ``Modality``, ``Weapon``,
  ``WeaponFamily``, ``Category``, ``Quantity``, ``DealKey``, ``DocId``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import func, select

from armswatch.export.records import iter_event_records, party_name
from armswatch.export.tables import Out, write_csv
from armswatch.link.queries import read_session
from armswatch.store import Store
from armswatch.store.schema import SourceRow

CAMEO_COLUMNS: list[str] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "DATEADDED",
    "SOURCEURL",
    "ArmsEventType",
    "Modality",
    "Weapon",
    "WeaponFamily",
    "Category",
    "Quantity",
    "DealKey",
    "DocId",
]

_STATE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One row of cameo.csv."""

    event_type: str
    modality: str
    event_code: str
    base_code: str
    root_code: str
    quad_class: int | None
    goldstein: float | None
    label: str


@lru_cache(maxsize=1)
def cameo_table() -> tuple[CameoCode, ...]:
    """The rows of data/cameo.csv, in file order."""
    text = resources.files("armswatch.data").joinpath("cameo.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        out.append(
            CameoCode(
                event_type=row["event_type"].strip(),
                modality=row["modality"].strip(),
                event_code=row["event_code"].strip(),
                base_code=row["base_code"].strip(),
                root_code=row["root_code"].strip(),
                quad_class=int(row["quad_class"]) if row["quad_class"].strip() else None,
                goldstein=float(row["goldstein"]) if row["goldstein"].strip() else None,
                label=row["label"].strip(),
            )
        )
    return tuple(out)


def cameo_code(event_type: str, modality: str) -> CameoCode | None:
    """The code for an event (type + modality), or None when it is not exported."""
    table = {(c.event_type, c.modality): c for c in cameo_table()}
    for key in ((event_type, modality), ("*", modality), (event_type, "*")):
        if key in table:
            found = table[key]
            return found if found.event_code else None
    return None


def _event_date(record: dict[str, Any]) -> dt.date | None:
    published: dt.date | None = record["published"]
    year: int | None = record["year"]
    if year is None:
        return published
    if published is not None and published.year == year:
        return published
    if 1 <= year <= 9999:
        return dt.date(year, 1, 1)
    return None


def _party(code: str | None) -> tuple[str, str, str]:
    if not code:
        return "", "", ""
    return code, party_name(code), code if _STATE.match(code) else ""


def _mentions(store: Store) -> dict[str, int]:
    """doc_id -> how many sources its document has."""
    from armswatch.store.schema import DocumentRow

    with read_session(store) as session:
        return dict(
            list(
                session.execute(
                    select(DocumentRow.doc_id, func.count(SourceRow.id))
                    .outerjoin(SourceRow, SourceRow.document_id == DocumentRow.id)
                    .group_by(DocumentRow.doc_id)
                ).tuples()
            )
        )


def cameo_rows(store: Store):
    """The CAMEO rows (dicts keyed by ``CAMEO_COLUMNS``) of every exportable event, by id."""
    mentions = _mentions(store)
    for record in iter_event_records(store):
        code = cameo_code(record["type"], record["modality"])
        if code is None:
            continue
        day = _event_date(record)
        a1 = _party(record["supplier"])
        a2 = _party(record["recipient"])
        added = record["ingested_at"]
        yield {
            "GLOBALEVENTID": record["id"],
            "SQLDATE": day.strftime("%Y%m%d") if day else "",
            "MonthYear": day.strftime("%Y%m") if day else "",
            "Year": day.year if day else "",
            "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
            "Actor1Code": a1[0],
            "Actor1Name": a1[1],
            "Actor1CountryCode": a1[2],
            "Actor2Code": a2[0],
            "Actor2Name": a2[1],
            "Actor2CountryCode": a2[2],
            "IsRootEvent": 1,
            "EventCode": code.event_code,
            "EventBaseCode": code.base_code,
            "EventRootCode": code.root_code,
            "QuadClass": code.quad_class,
            "GoldsteinScale": code.goldstein,
            "NumMentions": max(1, mentions.get(record["doc_id"], 1)),
            "NumSources": 1,
            "NumArticles": 1,
            "AvgTone": "",
            "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "",
            "SOURCEURL": record["source"] or "",
            "ArmsEventType": record["type"],
            "Modality": record["modality"],
            "Weapon": record["weapon"],
            "WeaponFamily": record["weapon_family"],
            "Category": record["category"],
            "Quantity": record["quantity"],
            "DealKey": record["deal_key"],
            "DocId": record["doc_id"],
        }


def export_cameo(store: Store, out: Out) -> int:
    """Write the CAMEO rows of every exportable event as TSV to ``out``; the row count."""
    return write_csv(cameo_rows(store), CAMEO_COLUMNS, out, delimiter="\t")


__all__ = ["CAMEO_COLUMNS", "CameoCode", "cameo_code", "cameo_rows", "cameo_table", "export_cameo"]
