"""Shared texts and paths of the clean tests.

The story texts are written for these tests; the seeds are real articles
kept outside the repository and only read here (tests skip without them).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "samples" / "seeds"
GOLDEN = REPO / "tests" / "golden" / "clean"

# A made-up report, long enough for the language check and the simhash.
STORY = """Norway signs order for more howitzers

Norway has signed a contract to buy six more K9 self-propelled howitzers from South Korea, the defence ministry in Oslo said on Thursday.
The order extends a purchase first agreed in 2017 and replaces guns that the Norwegian army handed to Ukraine last year.
Officials said the first of the new vehicles should arrive before the end of next year, with the rest to follow within eighteen months.
The contract is worth about 1.2 billion kroner, according to the ministry, which did not say how the money would be split between the guns and their support vehicles.
Hanwha Aerospace, the maker of the howitzer, confirmed that it had received the order and said that the vehicles would be built at its plant in Changwon.
Norway already operates two dozen of the guns, which it bought together with Finland and Estonia to lower the price of training and spare parts.
A spokesman for the army said that the new guns would be fitted with a winter kit that lets crews work in temperatures far below freezing.
He added that the army was also looking at a longer barrel for the weapon but that no decision had been taken on that upgrade.
Defence analysts in Oslo said the quick replacement of donated equipment had become a pattern among the Nordic countries since the start of the war.
The ministry said a separate request for new ammunition would be sent to parliament in the spring, together with the rest of the annual budget."""

OTHER_STORY = """Peru in talks on patrol ships

The government of Peru is negotiating with a Spanish shipyard about two offshore patrol vessels for its navy, a senior official in Lima told reporters.
The talks began after a tender held last year failed to produce a bid within the budget set by the finance ministry.
The navy wants the ships to guard fishing grounds off the southern coast, where foreign trawlers have been seen inside the exclusive economic zone.
No price has been made public, but local newspapers have reported that each hull could cost more than sixty million dollars.
The official said a decision was expected before the end of the year and that part of the work might be done in a yard in Callao.
Peru last bought a large warship more than a decade ago, and much of its fleet dates from the nineteen seventies.
Opposition lawmakers have asked the defence committee to review the talks, arguing that the navy should first repair the ships it already has."""


def seed_paths() -> list[Path]:
    """The seed articles, sorted; empty when the shared samples are absent."""
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
