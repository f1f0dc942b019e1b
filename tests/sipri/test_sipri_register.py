"""Reading registers in SIPRI's layout: encodings, notes, the ? flags, year lists, bad rows, party names."""

from __future__ import annotations

import pytest
from sipri_helpers import register_text

from armswatch.sipri import RegisterError, lookup, parse_register, read_register, sipri_name
from armswatch.sipri.register import description_category

ROWS = [
    "Pakistan,China,2014,?,3,?,LQ-70 SAMS,SAM system,3,,2016; 2017; 2018,New,\"$1 m deal, in parts\",50,150,150",
    "Lebanon,Iran,2019,,40,,Qadr-X,anti-ship missile,,?,,New,,,,",
    "Hezbollah (Lebanon)*,Iran,2006,?,100,?,Kornet-Q,anti-tank missile,100,?,2006,Second hand,Second-hand,,,",
    "NATO**,United States,2017,,3,,RQ-9X,UAV,3,,2019,New,,,,",
    "African Union**,unknown supplier(s),2012,,10,,AU-5,APC,10,,2013,Second hand but modernized,,,,",
    "Egypt,Soviet Union,1970,?,20,,MiG-21X,fighter aircraft,20,,1971; 1972,New,,,,",
    "Poland,East Germany (GDR),1985,,2,,Kashin-Y,destroyer,2,,1986,New,,,,",
]


def test_reads_the_layout_flags_years_status_and_comments(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(register_text(ROWS), encoding="utf-8")
    register = read_register(path)
    assert register.version == "01 Jan 2025 09:00:00 AM" and len(register.notes) == 4
    assert register.problems == [] and register.unmapped == {}
    first, lebanon, hezbollah, nato, au, egypt, poland = register.rows
    assert first.line == 6 and first.delivery_years == [2016, 2017, 2018]
    assert (first.order_year_uncertain, first.ordered_uncertain, first.delivered_uncertain) == (True, True, False)
    assert first.comments == "$1 m deal, in parts" and first.tiv_total == "150"
    assert lebanon.delivered is None and lebanon.delivered_uncertain and lebanon.delivery_years == []
    assert hezbollah.recipient == "NSA:Hezbollah" and hezbollah.second_hand
    assert nato.recipient == "NATO" and au.recipient == "AU" and au.supplier is None and au.second_hand
    assert egypt.supplier == "SUN" and poland.supplier == "DDR"
    assert not first.second_hand and first.status == "New"


def test_latin1_and_utf8_with_bom_read_the_same(tmp_path):
    rows = ["Pakistan,France,1966,,3,,Daphn\u00e9,submarine,3,,1970,New,Caf\u00e9 note,55,165,165"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(register_text(rows).encode("latin-1"))
    utf = tmp_path / "utf.csv"
    utf.write_bytes(b"\xef\xbb\xbf" + register_text(rows).encode("utf-8"))
    a, b = read_register(latin), read_register(utf)
    assert (a.encoding, b.encoding) == ("latin-1", "utf-8")
    assert a.rows[0].designation == b.rows[0].designation == "Daphn\u00e9"
    assert a.rows[0].comments == b.rows[0].comments == "Caf\u00e9 note"


def test_bad_rows_are_reported_with_their_line_and_the_rest_is_read(tmp_path):
    rows = [
        ROWS[0],
        "Pakistan,China,twenty,,3,,HQ-7,SAM system,3,,2016,New,,,,",
        "Pakistan,China,2015,,many,,HQ-7,SAM system,3,,2016,New,,,,",
        "Pakistan,China",
        "Pakistan,China,2015,,3,,HQ-7,SAM system,3,,soon,New,,,,",
        ",,,,,,,,,,,,,,,",
        ROWS[1],
    ]
    register = parse_register(register_text(rows), path="reg.csv")
    assert [r.line for r in register.rows] == [6, 12]
    assert [(p.line, p.reason.split(" ")[0]) for p in register.problems] == [
        (7, "year"), (8, "ordered"), (9, "only"), (10, "years")]
    assert "'twenty' is not a year" in register.problems[0].reason


def test_a_name_not_in_the_table_is_reported_not_guessed():
    rows = ["Atlantis,Rusia,2015,,4,,Mi-35M,combat helicopter,4,,2018,New,,,,",
            "Atlantis,Russia,2016,,4,,Mi-35M,combat helicopter,4,,2018,New,,,,"]
    register = parse_register(register_text(rows))
    assert register.unmapped == {"Atlantis": 2, "Rusia": 1}
    assert [(r.supplier, r.recipient) for r in register.rows] == [(None, None), ("RUS", None)]
    assert register.rows[0].supplier_name == "Rusia"  # the register's spelling is kept


def test_not_a_register():
    with pytest.raises(RegisterError, match="Supplier and Recipient"):
        parse_register("name,value\na,1\n", path="x.csv")


def test_old_layout_without_notes_or_flags():
    text = ("Recipient,Supplier,Year of order,Number ordered,Designation,Description,Number delivered,"
            "Year(s) of delivery,status,Comments\nIndia,Russia,2018,5,S-400,SAM system,5,2021-2023,New,\n")
    [row] = parse_register(text).rows
    assert (row.supplier, row.designation, row.delivery_years) == ("RUS", "S-400", [2021, 2022, 2023])
    assert not (row.order_year_uncertain or row.ordered_uncertain or row.delivered_uncertain)


def test_names_both_ways():
    assert lookup("  soviet   union ") == (True, "SUN")
    assert lookup("unknown supplier(s)") == (True, None)
    assert lookup("Houthi rebels (Yemen)*") == (True, "NSA:Houthis")
    assert lookup("UNITA (Angola)*") == (True, "NSA:UNITA")
    assert lookup("Turkiye") == lookup("Turkey") == (True, "TUR")
    assert lookup("NSA:Wagner Group") == (True, "NSA:Wagner Group")  # a spec code, as armswatch exports it
    assert lookup("Narnia") == (False, None)
    assert sipri_name("TUR") == "Turkiye" and sipri_name("SUN") == "Soviet Union" and sipri_name("NATO") == "NATO**"
    assert sipri_name(None) == "unknown supplier(s)" and sipri_name(None, supplier=False) == "unknown recipient(s)"
    assert sipri_name("NSA:Some Group") == "NSA:Some Group"


def test_every_state_code_of_the_party_table_has_a_register_name():
    from armswatch.extract.resources import party_aliases

    states = {a.code for a in party_aliases() if a.kind == "country" and len(a.code) == 3}
    missing = sorted(c for c in states if sipri_name(c) == c)
    assert missing == []


@pytest.mark.parametrize("description,category", [
    ("anti-submarine aircraft", "aircraft"), ("aircraft EO system", "sensors"), ("aircraft engine", "engines"),
    ("SAM system", "air-defence"), ("portable SAM", "air-defence"), ("anti-tank missile", "missiles"),
    ("replenishment tanker", "ships"), ("light tank", "armoured-vehicles"), ("torpedo boat", "ships"),
    ("helicopters", "helicopters"), ("air-defence", "air-defence"), ("machine gun", "small-arms"),
])
def test_description_categories(description, category):
    assert description_category(description) == category


def test_an_unclosed_quote_is_reported_not_swallowed_silently():
    rows = ['Pakistan,China,2015,,3,,HQ-7,SAM system,3,,2016,New,"never closed,,,,',
            "Pakistan,China,2016,,3,,HQ-7,SAM system,3,,2017,New,,,,"]
    register = parse_register(register_text(rows))
    assert register.rows == []
    assert [(p.line, "unclosed quote" in p.reason) for p in register.problems] == [(6, True)]


def test_a_long_comment_is_kept_whole():
    rows = ["Pakistan,China,2015,,3,,HQ-7,SAM system,3,,2016,New," + "c" * 300_000 + ",,,"]
    [row] = parse_register(register_text(rows)).rows
    assert len(row.comments) == 300_000
