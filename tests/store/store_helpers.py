"""Helpers of the store tests: articles with hashes, and two sample stories."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from armswatch.model import Article

CLAIMS = "same-claims"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def simhash(text_: str) -> int:
    """A plain 64-bit simhash over words (a test helper, not the project's)."""
    votes = [0] * 64
    for word in re.findall(r"\w+", text_.lower()):
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            votes[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if votes[bit] > 0)


def content_hash(text_: str) -> str:
    return hashlib.sha256(" ".join(text_.split()).encode()).hexdigest()


def make_article(doc_id: str, body: str, *, source: str | None = None, **kw) -> Article:
    """An article with its hashes computed, found at ``source`` (default: doc_id.txt).

    Its claim key is ``CLAIMS`` unless given: the store tests decide which
    texts make the same claims (the real key is ``armswatch.clean.claims``'s).
    """
    kw.setdefault("sources", [source or f"{doc_id}.txt"])
    kw.setdefault("claim_key", CLAIMS)
    return Article(
        doc_id=doc_id,
        text=body,
        content_hash=content_hash(body),
        simhash=simhash(body),
        **kw,
    )


STORY = (
    "Russia has lifted an embargo on weapons deliveries to Pakistan and is negotiating "
    "the sale of a number of Mi-35 attack helicopters to Islamabad, the head of the "
    "state corporation Rostec Sergei Chemezov told Itar-Tass on Monday. Russia delivered "
    "just 70 Mi-17 transport helicopters to Pakistan from 1996 to 2010, according to "
    "figures compiled by the Stockholm International Peace Research Institute. Officials "
    "in Islamabad said the talks had been going on for several months and that a "
    "contract could be signed before the end of the year. Analysts said the move "
    "reflected a cooling of relations between Moscow and New Delhi, long the largest "
    "buyer of Russian arms, after India turned to American and French suppliers for "
    "fighters, transport aircraft and artillery over the past decade. Pakistan has "
    "relied on China and the United States for most of its weapons since independence. "
    "The Russian defence ministry declined to comment on the negotiations, and the "
    "Pakistani embassy in Moscow did not reply to a request for comment by the time of "
    "publication. The deal, if concluded, would be the first sale of attack helicopters "
    "by Moscow to Islamabad."
)

OTHER_STORY = (
    "India has signed a contract with France for 36 Rafale fighter jets worth about "
    "7.8 billion euros, the defence ministry in New Delhi said on Friday, ending years "
    "of negotiations over the aircraft. The first jets are due to be delivered in 2019. "
    "Dassault Aviation will build the aircraft at its plant near Bordeaux, and the "
    "contract includes weapons, spare parts and maintenance for five years."
)

PUBLISHED = dt.date(2014, 6, 3)
