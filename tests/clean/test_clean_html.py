"""armswatch.clean.html: main text and metadata from pages, with a fallback."""

from __future__ import annotations

from clean_helpers import PAGE

from armswatch.clean.html import extract_html, visible_text


def test_main_text_title_date_and_site_name_are_extracted():
    page = extract_html(PAGE)
    lines = page.text.split("\n")
    assert "Vietnam has signed a contract for twelve L-39NG trainer aircraft from the Czech Republic, the maker said on Sunday." in lines
    assert "The first aircraft are due to be handed over in 2025, and pilots will be trained in both countries." in lines
    for noise in ("dataLayer", "display: none", "Privacy policy", "Home"):
        assert noise not in page.text
    assert page.title == "Vietnam buys trainer jets"
    assert page.published == "2023-11-05"
    assert page.sitename == "Example Defence"


def test_fallback_keeps_text_trafilatura_drops():
    page = extract_html("<div>Kazakhstan received two transport aircraft.</div>")
    assert page.text == "Kazakhstan received two transport aircraft."


def test_fallback_drops_scripts_styles_and_navigation():
    markup = (
        "<html><head><style>p{}</style><script>var x = 1;</script></head><body>"
        "<nav>Home | News</nav><div>First <b>block</b> here</div><div>Second block</div>"
        "<!-- a comment --><footer>(c) Site</footer></body></html>"
    )
    assert visible_text(markup) == "First block here\nSecond block"


def test_empty_and_broken_markup_give_empty_text_not_errors():
    assert extract_html("").text == ""
    assert extract_html("<html><body></body></html>").text == ""
    assert isinstance(extract_html("<<<>>>& &&& <p").text, str)
    assert visible_text('<?xml version="1.0" encoding="utf-8"?><p>Still read</p>') == "Still read"
