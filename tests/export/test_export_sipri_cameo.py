"""The SIPRI-register-style export, reconciliation with a register file, and CAMEO rows."""

from __future__ import annotations

import csv
import io
import itertools

from armswatch.export import (
    CAMEO_COLUMNS,
    REGISTER_COLUMNS,
    cameo_code,
    cameo_table,
    export_cameo,
    export_sipri_register,
    reconcile,
)
from armswatch.export.sipri import format_years, parse_number, parse_years, resolve_party
from armswatch.model import EventType, Modality

# A register file in the layout of SIPRI's trade-register CSV export (notes, blank-headed "?" columns,
# year lists, TIV columns), written for this test.
REGISTER = """Transfers of major weapons from All countries to All countries (an invented register for tests)
A '?' marks uncertain data.

Data generated: 02 Feb 2025 09:00:00 AM
Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons
Pakistan,Russia,2015,,4,,Mi-35M,combat helicopter,4,,2018,New,Mi-35M version,11.5,46,46
Egypt,France,2021,,30,,Rafale,FGA aircraft,6,?,2024,New,,60,1800,360
India,Russia,2018,,5,,S-400,SAM system,5,,2021; 2022; 2023,New,,400,2000,2000
Viet Nam,Russia,2019,,12,,Yak-130,trainer aircraft,12,,2021,New,,10,120,120
Atlantis,France,2020,,2,,Gowind,corvette,,,,New,,,,
"""


def _rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _lines(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# -- register export ------------------------------------------------------------------------------


def test_register_export_writes_the_register_layout_and_never_picks_a_disputed_figure(world):
    buffer = io.StringIO()
    n = export_sipri_register(world, buffer)
    lines = _lines(buffer.getvalue())
    assert lines[0] == REGISTER_COLUMNS
    assert lines[0][:4] == ["Recipient", "Supplier", "Year of order", " "] and len(lines[0]) == 17
    by_key = {row[16].split()[1]: dict(zip(range(17), row)) for row in lines[1:]}
    assert n == len(lines) - 1 == 3
    assert "RUS>PAK>AK>2019" not in by_key  # requested and rejected: never ordered
    heli = by_key["RUS>PAK>Mi-24/35>2015"]
    assert [heli[i] for i in (0, 1, 2, 4, 6, 7, 8)] == ["Pakistan", "Russia", "2015", "4", "Mi-35M", "helicopters", "4"]
    assert [heli[i] for i in (3, 5, 9, 11, 13, 14, 15)] == ["", "", "", "", "", "", ""]
    assert "news status: delivered" in heli[12]
    assert "pk-2 <https://news.example/pk-2>" in heli[16] and "pk-1" in heli[16]
    rafale = by_key["FRA>EGY>Rafale>2021"]
    assert rafale[4] == ""
    assert "number ordered disputed: 20 (eg-1 <https://news.example/eg-1>); 24 (eg-2" in rafale[12]
    s400 = by_key["RUS>IND>S-400>2021"]
    assert "AGREEMENT modality disputed: asserted (in-1); denied (in-2)" in s400[12]
    everything = io.StringIO()
    assert export_sipri_register(world, everything, include_unrecorded=True) == 4


def test_register_export_with_notes_in_latin1(world, tmp_path):
    path = tmp_path / "ours.csv"
    export_sipri_register(world, path, notes=True, latin1=True)
    data = path.read_bytes()
    data.decode("latin-1")
    text = data.decode("latin-1")
    head, _, body = text.partition("Recipient,Supplier,")
    assert "Data generated: " in head and "not SIPRI data" in head
    assert body.count("\n") == 4  # header + 3 deals


def test_register_cells():
    assert parse_years("2016; 2017; 2018") == [2016, 2017, 2018]
    assert parse_years("2016-2018") == [2016, 2017, 2018]
    assert parse_years("(2015)") == [2015]
    assert parse_years("") == []
    assert parse_number("(6)") == 6 and parse_number("1,200") == 1200 and parse_number("?") is None
    assert format_years([1998, 1996, 1997]) == "1996; 1997; 1998" and format_years([2016, 2018]) == "2016; 2018"
    assert resolve_party("Korea, South") == "KOR"
    assert resolve_party("Viet Nam") == "VNM"
    assert resolve_party("Soviet Union") == "SUN"
    # Names the table lacks are not guessed from similar ones.
    assert resolve_party("Russia*") is None
    assert resolve_party("Atlantis") is None


# -- reconcile ------------------------------------------------------------------------------------


def test_reconcile_reports_matches_differences_and_one_sided_entries(world, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")
    report = reconcile(world, register, scope="all")
    matched = {e.deal_key: e for e in report.matched}
    assert set(matched) == {"RUS>PAK>Mi-24/35>2015", "FRA>EGY>Rafale>2021", "RUS>IND>S-400>2021"}
    assert matched["RUS>PAK>Mi-24/35>2015"].differences == {}
    assert matched["RUS>PAK>Mi-24/35>2015"].sipri_lines == [6]
    rafale = matched["FRA>EGY>Rafale>2021"].differences
    assert rafale["number ordered"]["sipri"] == 30
    assert "20 (eg-1" in rafale["number ordered"]["news"] and "24 (eg-2" in rafale["number ordered"]["news"]
    assert rafale["status"] == {"news": "agreed", "sipri": "delivered", "sipri_uncertain": False}
    assert matched["RUS>IND>S-400>2021"].differences["year of order"] == {
        "news": 2021, "sipri": 2018, "sipri_uncertain": False}
    assert sorted(e.sipri_designation for e in report.only_sipri) == ["Gowind", "Yak-130"]
    assert report.only_news == []
    assert report.unrecorded_deals == ["RUS>PAK>AK>2019"]
    assert report.unresolved == ["Atlantis"]
    counts = report.counts()
    assert (counts["matched"], counts["only_news"], counts["only_sipri"], counts["with_differences"]) == (3, 0, 2, 2)
    assert counts["differing"] == {"number ordered": 1, "year of order": 1, "status": 2}
    assert report.version == "02 Feb 2025 09:00:00 AM"


def test_reconcile_is_scoped_to_the_news_dyads_and_years_by_default(world, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(REGISTER + "Pakistan,Russia,1970,,10,,Mi-8T,transport helicopter,10,,1971,New,,,,\n",
                        encoding="utf-8")
    report = reconcile(world, register)
    # Viet Nam (no news), Atlantis (no code) and the 1970 order (outside 2015-2021 +-5) are out of scope.
    assert report.only_sipri == []
    assert report.counts()["in_scope"] == 3 and report.counts()["register_rows"] == 6
    assert len(report.matched) == 3
    assert reconcile(world, register, margin=45).counts()["in_scope"] == 4


def test_a_deal_missing_from_the_register_is_only_in_news(world, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("\n".join(REGISTER.splitlines()[:6]) + "\n", encoding="utf-8")
    report = reconcile(world, register)
    assert [e.deal_key for e in report.matched] == ["RUS>PAK>Mi-24/35>2015"]
    assert sorted(e.deal_key for e in report.only_news) == ["FRA>EGY>Rafale>2021", "RUS>IND>S-400>2021"]


def test_the_register_export_reconciles_with_itself(world, tmp_path):
    for notes, latin1 in ((False, False), (True, True)):
        path = tmp_path / f"ours-{notes}.csv"
        export_sipri_register(world, path, notes=notes, latin1=latin1)
        report = reconcile(world, path)
        assert len(report.matched) == 3
        assert all(e.differences == {} for e in report.matched)
        assert report.only_news == [] and report.only_sipri == [] and report.unresolved == []


# -- CAMEO ---------------------------------------------------------------------------------------


def test_every_event_type_and_modality_has_a_valid_code_except_denials():
    codes = {c.event_code for c in cameo_table() if c.event_code}
    for row in cameo_table():
        if not row.event_code:
            continue
        assert row.base_code == row.event_code[:3] and row.root_code == row.event_code[:2]
        root = int(row.root_code)
        assert row.quad_class == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4)
        assert -10 <= row.goldstein <= 10
    for type_, modality in itertools.product(EventType, Modality):
        code = cameo_code(type_.value, modality.value)
        if modality == Modality.DENIED:
            assert code is None
        else:
            assert code is not None and code.event_code in codes
    assert cameo_code("AGREEMENT", "asserted").event_code == "057"
    assert cameo_code("REQUEST", "asserted").event_code == "0232"
    assert cameo_code("DELIVERY", "asserted").event_code == "072"
    assert cameo_code("REJECTION", "asserted").event_code == "1212"
    assert cameo_code("EMBARGO_IMPOSED", "asserted").event_code == "163"
    assert cameo_code("EMBARGO_LIFTED", "asserted").event_code == "085"


def test_cameo_export_rows(world):
    buffer = io.StringIO()
    n = export_cameo(world, buffer)
    rows = _rows(buffer.getvalue(), delimiter="\t")
    assert list(rows[0]) == CAMEO_COLUMNS
    events = world.events()
    denied = [i for i, e in events if e.modality == Modality.DENIED]
    assert n == len(rows) == len(events) - len(denied)
    assert {int(r["GLOBALEVENTID"]) for r in rows}.isdisjoint(denied)
    valid = {c.event_code for c in cameo_table() if c.event_code}
    for r in rows:
        assert r["EventCode"] in valid
        assert r["EventBaseCode"] == r["EventCode"][:3] and r["EventRootCode"] == r["EventCode"][:2]
    by_doc = {}
    for r in rows:
        by_doc.setdefault(r["DocId"], []).append(r)
    [eg] = by_doc["eg-1"]
    assert (eg["SQLDATE"], eg["Year"], eg["EventCode"], eg["QuadClass"]) == ("20210302", "2021", "057", "1")
    assert (eg["Actor1Code"], eg["Actor1Name"], eg["Actor1CountryCode"]) == ("FRA", "France", "FRA")
    assert eg["SOURCEURL"] == "https://news.example/eg-1" and eg["DealKey"] == "FRA>EGY>Rafale>2021"
    [cn] = by_doc["cn-1"]
    assert (cn["SQLDATE"], cn["EventCode"], cn["Actor1Code"], cn["Actor1CountryCode"]) == ("19890101", "163", "EU", "")
    assert sorted(r["EventCode"] for r in by_doc["pk-3"]) == ["0232", "0312", "1212"]
    lifted = [r for r in by_doc["pk-1"] if r["ArmsEventType"] == "EMBARGO_LIFTED"]
    assert lifted[0]["EventCode"] == "085" and lifted[0]["SQLDATE"] == ""
