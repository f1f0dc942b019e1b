"""armswatch.ingest.feed: RSS 2.0 and Atom files."""

from __future__ import annotations

from armswatch.ingest.feed import has_markup, is_feed_bytes, read_feed
from armswatch.model import RawDocument, Skipped

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Arms Desk</title><link>https://desk.example/</link>
<item><title>Jordan orders drones</title><link>https://desk.example/jordan</link>
  <guid isPermaLink="false">desk-101</guid><pubDate>Tue, 02 Mar 2021 09:30:00 GMT</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>Jordan has ordered <b>six</b> drones.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://desk.example/teaser</link>
  <description>Brazil is weighing an offer of tanks.</description></item>
<item><title>Nothing inside</title><link>https://desk.example/empty</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Arms</title>
<entry><id>urn:uuid:1</id><title>Chile sells frigate</title><link href="https://atom.example/1"/>
  <updated>2022-07-09T14:16:00Z</updated><content type="html">&lt;p&gt;Chile sold a frigate.&lt;/p&gt;</content></entry>
<entry><id>urn:uuid:2</id><title>Summary only</title><summary>Plain words, no tags.</summary></entry>
</feed>"""


def test_rss_items_with_content_become_documents(tmp_path):
    path = tmp_path / "desk.rss"
    path.write_bytes(RSS)
    first, second, third = list(read_feed(str(path)))
    assert isinstance(first, RawDocument)
    assert first.doc_id == "desk-101"
    assert first.title == "Jordan orders drones"
    assert first.url == "https://desk.example/jordan"
    assert first.publisher == "Arms Desk"
    assert first.published == "Tue, 02 Mar 2021 09:30:00 GMT"
    assert first.is_html and "<b>six</b>" in first.body  # content:encoded beats the teaser
    assert first.source == f"{path}#1"
    # No guid: the link is the id; a plain summary is not HTML.
    assert second.doc_id == "https://desk.example/teaser" and second.is_html is False
    assert isinstance(third, Skipped) and third.record == "3"


def test_atom_entries_use_id_updated_and_content(tmp_path):
    path = tmp_path / "arms.atom"
    path.write_bytes(ATOM)
    first, second = list(read_feed(str(path)))
    assert first.doc_id == "urn:uuid:1" and first.published == "2022-07-09T14:16:00Z"
    assert first.publisher == "Atom Arms" and first.is_html
    assert second.body == "Plain words, no tags." and not second.is_html


def test_broken_feed_keeps_what_was_recovered(tmp_path):
    path = tmp_path / "broken.rss"
    cut = RSS.index(b"<item><title>Teaser only")
    path.write_bytes(RSS[:cut] + b"<item><title>Half")
    records = list(read_feed(str(path)))
    assert isinstance(records[0], RawDocument) and records[0].doc_id == "desk-101"


def test_feed_with_nothing_usable_is_one_skipped(tmp_path):
    path = tmp_path / "junk.rss"
    path.write_bytes(b"<<<this is not xml at all")
    [skipped] = list(read_feed(str(path)))
    assert isinstance(skipped, Skipped) and skipped.source == str(path)


def test_feed_sniffing_and_markup_detection():
    assert is_feed_bytes(RSS[:300]) and is_feed_bytes(ATOM[:300])
    assert is_feed_bytes(b"\xef\xbb\xbf<!-- c --><rdf:RDF xmlns:rdf='x'>")
    assert not is_feed_bytes(b'<?xml version="1.0"?><sitemap/>')
    assert has_markup("<p>x</p>") and not has_markup("3 < 4 and 5 > 2")


# An internal DTD (issue 16, finding 6): the .xml feed is read; the entities it declares are never expanded.
DTD_FEED = """<?xml version="1.0" encoding="utf-8"?>
<!-- a wire feed -->
<!DOCTYPE rss [
  <!ENTITY boom "BOOMBOOMBOOMBOOMBOOMBOOM">
  <!ENTITY lol2 "&boom;&boom;&boom;&boom;&boom;&boom;&boom;&boom;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Rafale deal &lol3;</title><link>http://news.example/a</link><guid>dtd-1</guid>
<description>France agreed to sell 24 Rafale jets to Greece in 2021. &lol3;</description></item>
</channel></rss>
"""


def test_an_xml_feed_with_an_internal_dtd_is_read_without_expanding_entities(tmp_path):
    from armswatch.ingest import read_inputs
    from armswatch.ingest.feed import is_feed_bytes
    from armswatch.model import RawDocument

    assert is_feed_bytes(DTD_FEED.encode())
    path = tmp_path / "wire.xml"
    path.write_text(DTD_FEED, encoding="utf-8")
    (doc,) = list(read_inputs([str(path)]))
    assert isinstance(doc, RawDocument), doc
    assert doc.doc_id == "dtd-1" and "France agreed to sell 24 Rafale jets" in doc.body
    assert "BOOM" not in doc.body and "BOOM" not in (doc.title or "")


def test_a_long_internal_dtd_is_still_sniffed(tmp_path):
    from armswatch.ingest.feed import is_feed_file

    padding = "".join(f'  <!ENTITY e{i} "value {i} > with a bracket">\n' for i in range(300))
    path = tmp_path / "long.xml"
    path.write_text(DTD_FEED.replace("<!DOCTYPE rss [\n", "<!DOCTYPE rss [\n" + padding), encoding="utf-8")
    assert is_feed_file(str(path))
