"""Helpers of the SIPRI tests: where the shared sample is, and small registers in SIPRI's layout."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE = SHARED / "samples" / "sipri" / "trade-register-pakistan.csv"
SEEDS = SHARED / "samples" / "seeds"

#: The register's header line, as SIPRI writes it.
HEADER = ("Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
          "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,"
          "SIPRI TIV of delivered weapons")


def register_text(rows: list[str], version: str = "01 Jan 2025 09:00:00 AM", notes: bool = True) -> str:
    """An invented register in the real layout: a notes block (with commas and quotes), the header, ``rows``."""
    head = [
        "Transfers of major arms from All countries to All countries. An invented register, for tests",
        "A '?' marks uncertain data; \"quoted\", and commas, in the notes are fine.",
        "",
        f"Data generated: {version}",
    ] if notes else []
    return "\n".join([*head, HEADER, *rows]) + "\n"
