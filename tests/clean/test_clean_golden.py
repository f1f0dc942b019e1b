"""Golden files: the cleaned seed articles, checked by eye once, then pinned.

Regenerate after a deliberate change with ``ARMSWATCH_UPDATE_GOLDEN=1`` and
read the diff before committing it.
"""

from __future__ import annotations

import os

import pytest
from clean_helpers import GOLDEN, SEEDS, seed_paths

from armswatch.clean import clean_document
from armswatch.ingest import read_inputs
from armswatch.model import Article

UPDATE = os.environ.get("ARMSWATCH_UPDATE_GOLDEN") == "1"

needs_seeds = pytest.mark.skipif(not seed_paths(), reason=f"sample seeds not found in {SEEDS}")


def _clean(path) -> Article:
    [raw] = list(read_inputs([str(path)]))
    article = clean_document(raw)
    assert isinstance(article, Article), article
    return article


def render(article: Article) -> str:
    """The golden form: metadata lines, a rule, then Article.text exactly."""
    meta = [
        f"title: {article.title}",
        f"published: {article.published}",
        f"publisher: {article.publisher}",
        f"syndicated_from: {article.syndicated_from}",
    ]
    return "\n".join(meta) + "\n----\n" + article.text + "\n"


@needs_seeds
@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name)
def test_cleaned_seed_matches_its_golden_file(seed):
    golden = GOLDEN / seed.name
    rendered = render(_clean(seed))
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"no golden file; run with ARMSWATCH_UPDATE_GOLDEN=1 and review {golden}"
    assert rendered == golden.read_text(encoding="utf-8")


# Sentences of the two seeds that must survive cleaning, as they appear in
# Article.text (glued sentences repaired).
KEPT = {
    "000_a2c57fd55e7515d8.txt": [
        "Russia rejects Pakistan request for 50,000 AK rifles, assures India of no deals in future",
        "The Russian government has rejected Pakistan’s request to buy new generation Kalashnikov rifles",
        "India was informed about the rejection earlier this year. The sources also said Pakistan had sent in a proposal",
        "The sources, however, did not mention the particular model sought by the neighbouring country.",
        "Pakistan’s proposals to Russia",
        "since the nation’s army uses the AK 56",
        "A number of AK 56s have been seized from the terrorists operating in Jammu and Kashmir and the Northeast.",
        "would have landed in the hands of terrorists, said the sources. They also added",
        "an assurance which came after India raised its concerns with Moscow this year.",
        "such as purchase of T90 tanks and new air defence systems following the Balakot airstrikes.",
        "Russia and Pakistan had in 2015 signed a deal for four Mi-35M attack helicopters, which has already been delivered.",
        "The following year, in 2016, Russia and Pakistan also carried out their first joint military exercise.",
        "These developments were raised at multiple levels between the governments of India and Russia.",
    ],
    "003_20e2968548183c4f.txt": [
        "Russia has lifted an embargo on weapons deliveries to Pakistan and is negotiating the sale of a number of Mi-35 attack helicopters to Islamabad",
        "told Itar-Tass on Monday.",
        "Russia delivered just 70 Mi-17 transport helicopters to Pakistan from 1996 to 2010.",
        "In 2012, Deputy Prime Minister Dmitry Rogozin, who oversees the defense industry",
        "If someone says differently, spit in their face,\" Rogozin said, Vedomosti reported.",
        "Boris Volkhonsky, head of the Asian sector of the Russian Institute for Strategic Studies, said Monday",
        "he doesn't expect collaboration between Moscow and Islamabad to cause problems.",
        "\"I do not think that India will have any objections.",
        "After all, India and Pakistan both buy weapons from the U.S., and this has not bothered them,\" Volkhonsky told RIA Novosti.",
    ],
}

GONE = [
    "A Message from The Moscow Times",
    "Dear readers",
    "Remind me later",
    "You may also like",
    "Source:- The Print",
    "undesirable",
    "support us monthly",
]


@needs_seeds
@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name)
def test_boilerplate_is_gone_and_every_article_sentence_is_kept(seed):
    article = _clean(seed)
    for phrase in GONE:
        assert phrase not in article.text
    for sentence in KEPT.get(seed.name, []):
        assert sentence in article.text


@needs_seeds
def test_seed_metadata():
    by_name = {path.name: _clean(path) for path in seed_paths()}
    if "000_a2c57fd55e7515d8.txt" in by_name:
        first = by_name["000_a2c57fd55e7515d8.txt"]
        assert first.syndicated_from == "The Print"
        assert first.title == KEPT["000_a2c57fd55e7515d8.txt"][0]
        assert first.text.startswith(first.title + "\n\n")
    if "003_20e2968548183c4f.txt" in by_name:
        second = by_name["003_20e2968548183c4f.txt"]
        assert second.title is None  # the first line is a long paragraph
        assert second.text.endswith("Volkhonsky told RIA Novosti.")
