"""The UI in a real browser (headless Debian chromium through Playwright), over a live uvicorn server.

Screenshots of every page kind are saved under each test's tmp_path.
"""

from __future__ import annotations

import re

import pytest
from apiweb_seed import HOSTILE_ID, SCRIPT, mi35_deal_id, page_urls

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def urls(client) -> dict[str, str]:
    return page_urls(client)


def shoot(page, tmp_path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert (tmp_path / f"{name}.png").stat().st_size > 5_000


def test_every_page_kind_shows_injected_script_as_text(page, urls, tmp_path, dialogs):
    for kind, url in urls.items():
        response = page.goto(url)
        assert response is not None and response.ok, (kind, url)
        page.wait_for_load_state("load")
        shoot(page, tmp_path, kind)
        assert page.locator("script").count() == 0, kind
        assert page.locator("img").count() == 0, kind
        assert page.locator("h1").first.is_visible(), kind
    page.goto(f"/document/{HOSTILE_ID}")
    assert page.get_by_text(SCRIPT).first.is_visible()  # shown as text, inside the highlighted evidence
    assert page.locator("mark.ev", has_text=SCRIPT).count() >= 1
    assert page.get_by_text("<img src=x onerror=alert(1)>").first.is_visible()
    page.goto("/search?q=Rafale")
    assert page.get_by_text(SCRIPT).first.is_visible()
    assert dialogs == []


def test_mi35_deal_timeline_is_visible(page, client, tmp_path):
    deal = mi35_deal_id(client)
    if deal is None:
        pytest.skip("deal linking not available")
    page.goto("/deals")
    page.locator(f'a[href="/deal/{deal}"]').first.click()
    page.wait_for_url(f"**/deal/{deal}")
    stages = page.locator("#deal-stages")
    assert stages.is_visible()
    reported = [t.strip() for t in page.locator("#deal-stages .stage.reported .stage-name").all_inner_texts()]
    assert "Agreement" in reported, reported
    text = stages.inner_text()
    for stage in ("Negotiation", "Agreement", "Delivery"):
        assert stage in text
    assert page.locator("svg.timeline a.pt").first.is_visible()
    assert page.get_by_role("heading", name=re.compile("Mi-")).first.is_visible()
    shoot(page, tmp_path, "deal-mi35")


def test_network_edge_rus_pak_opens_its_timeline(page, tmp_path):
    page.goto("/network")
    edge = page.locator('svg.network a.edge[data-edge="RUS→PAK"]')
    assert edge.is_visible()
    assert page.locator('svg.network a.node[data-party="RUS"]').is_visible()
    shoot(page, tmp_path, "network")
    edge.locator("path.edge-line").click(force=True)
    page.wait_for_url("**/dyad/RUS/PAK")
    assert "RUS" in page.locator("h1").inner_text() and "PAK" in page.locator("h1").inner_text()
    assert page.locator("svg.timeline").is_visible()
    assert page.locator("ul.legend").is_visible()
    shoot(page, tmp_path, "dyad")


def test_click_a_timeline_point_through_to_its_evidence(page, client, tmp_path):
    timeline = client.get("/api/dyads/RUS/PAK").json()
    event = next(e for e in timeline["events"] if e["evidence"] and e["year"] is not None)
    sentence = event["evidence"]["text"]
    page.goto("/dyad/RUS/PAK")
    point = page.locator(f'svg.timeline a.pt[data-key="ev-{event["id"]}"]')
    assert point.is_visible()
    point.locator("circle").click(force=True)
    page.wait_for_url(re.compile(rf"#ev-{event['id']}$"))
    row = page.locator(f"tr#ev-{event['id']}")
    assert row.is_visible()
    assert sentence[:60] in row.inner_text()
    # ... and on to the document, where the sentence is highlighted.
    row.locator("a.to-evidence").click()
    page.wait_for_url(re.compile(rf"/document/.+#ev-{event['id']}$"))
    mark = page.locator(f"mark.ev:has(#ev-{event['id']})")
    assert mark.is_visible()
    assert sentence.startswith(mark.inner_text()[:40].strip()) or mark.inner_text().strip() in sentence
    assert page.get_by_text(sentence[:50]).first.is_visible()
    shoot(page, tmp_path, "document")


def test_search_form_filters(page, tmp_path):
    page.goto("/")
    shoot(page, tmp_path, "overview")
    page.fill("#top-q", "helicopters")
    page.click("header.top button[type=submit]")
    page.wait_for_url("**/search?q=helicopters")
    page.select_option("select[name=type]", "DELIVERY")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url(re.compile(r"type=DELIVERY"))
    chips = page.locator("table.events .chip").all_inner_texts()
    assert chips and set(chips) == {"Delivery"}
    assert page.locator("mark.hit").first.is_visible()
    shoot(page, tmp_path, "search")
