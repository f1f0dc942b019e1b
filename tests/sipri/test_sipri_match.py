"""Matching deals to groups of register orders, scoping, and the export -> reconcile round trip (no database)."""

from __future__ import annotations

import io

from sipri_helpers import register_text

from armswatch.model import Claim, Deal, EventType, Modality
from armswatch.sipri import parse_register, reconcile_rows, render, write_register
from armswatch.sipri.match import match_deals


def claim(type_: str, *, weapon: str | None = None, quantity: int | None = None, year: int | None = None,
          year_end: int | None = None, qualifier: str | None = None, doc: str = "doc-1") -> Claim:
    return Claim(event_id=abs(hash((type_, weapon, quantity, year, doc))) % 10**8, doc_id=doc,
                 type=EventType(type_), modality=Modality.ASSERTED, quantity=quantity, value=None, year=year,
                 evidence=None, weapon=weapon, year_end=year_end, quantity_qualifier=qualifier)


def deal(key: str, family: str | None, *claims: Claim, category: str = "helicopters", status: str = "delivered",
         id_: int = 1) -> Deal:
    supplier, recipient = key.split(">")[:2]
    years = [y for c in claims for y in (c.year, c.year_end) if y is not None]
    return Deal(deal_key=key, supplier=supplier, recipient=recipient, weapon_family=family, category=category,
                status=status, first_year=min(years, default=None), last_year=max(years, default=None),
                claims=list(claims), id=id_)


ORDERS = [
    "Pakistan,Russia,1995,,12,,Mi-17,transport helicopter,12,,1996,New,,,,",   # line 6
    "Pakistan,Russia,2001,,4,,Mi-17,transport helicopter,4,,2002,Second hand,,,,",   # 7
    "Pakistan,Russia,2001,,12,,Mi-17,transport helicopter,12,,2002,New,,,,",   # 8
    "Pakistan,Russia,2003,?,12,,Mi-17,transport helicopter,12,,2004,New,,,,",   # 9
    "Pakistan,Russia,2015,,2,,Mi-17,transport helicopter,2,,2016,Second hand,,,,",   # 10
    "Pakistan,Russia,1993,,5,,Mi-17,transport helicopter,5,,1993,New,,,,",   # 11
    "Pakistan,United States,2009,,10,,Mi-17,transport helicopter,10,,2009,Second hand,,,,",   # 12
    "India,Russia,2001,,40,,Mi-17,transport helicopter,40,,2002,New,,,,",   # 13
]


def rows():
    return parse_register(register_text(ORDERS)).rows


def test_a_deal_over_a_span_matches_every_order_delivered_in_it():
    news = deal("RUS>PAK>Mi-8/17>1996", "Mi-8/17",
                claim("DELIVERY", weapon="Mi-17", quantity=70, year=1996, year_end=2010))
    [match], only_news, only_sipri = match_deals([news], rows())
    assert [r.line for r in match.rows] == [6, 7, 8, 9] and match.how == "4 orders (1995-2003)"
    assert match.differences["number delivered"] == {"news": 70, "sipri": 40, "sipri_uncertain": False}
    assert match.differences["years of delivery"] == {"news": "1996-2010", "sipri": "1996-2004 (1996; 2002; 2004)",
                                                      "sipri_uncertain": False}
    assert sorted(r.line for r in only_sipri) == [10, 11, 12, 13] and only_news == []


def test_orders_of_one_year_are_summed_when_the_news_counts_them_together():
    both = deal("RUS>PAK>Mi-8/17>2001", "Mi-8/17", claim("AGREEMENT", weapon="Mi-17", quantity=16, year=2001))
    [match], _, _ = match_deals([both], rows())
    assert [r.line for r in match.rows] == [7, 8] and "number ordered" not in match.differences
    one = deal("RUS>PAK>Mi-8/17>2001", "Mi-8/17", claim("AGREEMENT", weapon="Mi-17", quantity=12, year=2001))
    [match], _, _ = match_deals([one], rows())
    assert [r.line for r in match.rows] == [8]
    unknown = deal("RUS>PAK>Mi-8/17>2001", "Mi-8/17", claim("AGREEMENT", weapon="Mi-17", year=2001))
    [match], _, _ = match_deals([unknown], rows())
    assert [r.line for r in match.rows] == [7, 8]


def test_an_order_goes_to_one_deal_and_years_tell_deals_apart():
    early = deal("RUS>PAK>Mi-8/17>1995", "Mi-8/17", claim("AGREEMENT", weapon="Mi-17", quantity=12, year=1995), id_=1)
    late = deal("RUS>PAK>Mi-8/17>2015", "Mi-8/17", claim("AGREEMENT", weapon="Mi-17", quantity=2, year=2015), id_=2)
    matches, _, _ = match_deals([late, early], rows())
    assert {m.deal.deal_key: [r.line for r in m.rows] for m in matches} == {
        "RUS>PAK>Mi-8/17>1995": [6], "RUS>PAK>Mi-8/17>2015": [10]}


def test_status_and_uncertain_figures_are_compared():
    news = deal("RUS>PAK>Mi-8/17>2003", "Mi-8/17", claim("AGREEMENT", weapon="Mi-17", quantity=10, year=2003),
                status="agreed")
    [match], _, _ = match_deals([news], rows())
    assert match.differences["status"] == {"news": "agreed", "sipri": "delivered", "sipri_uncertain": False}
    assert match.differences["number ordered"]["sipri"] == 12


def test_the_default_scope_is_the_news_dyads_and_years():
    news = deal("RUS>PAK>Mi-24/35>2015", "Mi-24/35", claim("AGREEMENT", weapon="Mi-35M", quantity=4, year=2015))
    register = parse_register(register_text(ORDERS))
    report = reconcile_rows([news], register)
    # 2015 +-5: the 2015 order only; other years, other dyads left out.
    assert [e.orders[0]["line"] for e in report.only_sipri] == [10]
    assert report.counts()["in_scope"] == 1 and report.only_news[0].deal_key == news.deal_key
    assert reconcile_rows([news], register, margin=20).counts()["in_scope"] == 5
    assert reconcile_rows([news], register, scope="all").counts()["in_scope"] == 8
    table = render(report, "table").splitlines()
    assert len(table) == 3 and table[-1].startswith("0 matched (0 differing), 1 only in news, 1 only in SIPRI")


def test_register_text_cannot_drive_the_terminal():
    rows = ["Pakistan,Russia,2015,,2,,Mi-17\x1b[2J,transport helicopter,2,,2016,New,\x1b]0;owned\x07,,,"]
    news = deal("RUS>PAK>Mi-24/35>2015", "Mi-24/35", claim("AGREEMENT", weapon="Mi-35M", year=2015))
    text = render(reconcile_rows([news], parse_register(register_text(rows))), "table")
    assert "\x1b" not in text and "\\x1b[2J" in text


def _world() -> list[Deal]:
    """Many deals of few dyads and families, several per family, spans, estimates, category-only deals."""
    deals, n = [], 0
    for pair in ("RUS>PAK", "RUS>IND", "FRA>EGY", "CHN>PAK", "USA>TWN"):
        for family, weapon, category in (("Mi-8/17", "Mi-17", "helicopters"), ("Su-30", "Su-30MKI", "aircraft"),
                                         (None, None, "air-defence")):
            for year in (1999, 2004, 2012):
                n += 1
                claims = [claim("AGREEMENT", weapon=weapon, quantity=n, year=year, doc=f"d{n}")]
                if n % 3 == 0:
                    claims.append(claim("DELIVERY", weapon=weapon, quantity=n, year=year + 1, year_end=year + 3,
                                        doc=f"d{n}b"))
                if n % 4 == 0:
                    claims[0].quantity_qualifier = "about"
                label = family or category
                deals.append(deal(f"{pair}>{label}>{year}", family, *claims, category=category, id_=n))
    return deals


def test_export_then_reconcile_matches_all_deals():
    deals = _world()
    buffer = io.StringIO()
    written = write_register(deals, buffer, notes=True)
    report = reconcile_rows(deals, parse_register(buffer.getvalue()))
    assert written == len(deals) == 45
    assert len(report.matched) == 45, [e.deal_key for e in report.only_news]
    assert report.only_sipri == [] and report.unmapped == {}
    assert all(e.differences == {} and e.how == "one order" for e in report.matched)
    assert {e.deal_key: e.orders[0]["line"] for e in report.matched} == {
        d.deal_key: 9 + n for n, d in enumerate(deals)}


def test_unmapped_or_unknown_parties_never_match_each_other():
    rows = ["Atlantis,Narnia,2015,,4,,Mi-35M,combat helicopter,4,,2018,New,,,,",
            "Pakistan,unknown supplier(s),2015,,4,,Mi-35M,combat helicopter,4,,2018,New,,,,"]
    register = parse_register(register_text(rows))
    ghost = Deal(deal_key="?>?>Mi-24/35>2015", supplier=None, recipient=None, weapon_family="Mi-24/35",
                 category="helicopters", status="agreed", first_year=2015, last_year=2015,
                 claims=[claim("AGREEMENT", weapon="Mi-35M", quantity=4, year=2015)], id=9)
    matches, only_news, only_sipri = match_deals([ghost], register.rows)
    assert matches == [] and len(only_sipri) == 2 and only_news == [ghost]


def test_an_undated_deal_is_placed_at_its_report():
    import datetime as dt

    reported = claim("DELIVERY", weapon="Mi-17", quantity=2)
    reported.published = dt.date(2017, 5, 1)
    news = deal("RUS>PAK>Mi-8/17>undated", "Mi-8/17", reported)
    [match], _, _ = match_deals([news], rows())
    assert [r.line for r in match.rows] == [10]  # the 2015 order, not the first line of the register
    reported.published = dt.date(1994, 1, 1)
    [match], _, _ = match_deals([news], rows())
    assert [r.line for r in match.rows] == [11]  # 1993: orders after the report are not candidates
