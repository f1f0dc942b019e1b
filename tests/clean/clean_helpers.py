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


# A whole page around a short report: head, scripts, navigation, footer.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Vietnam buys trainer jets | Example Defence</title>
<meta property="og:site_name" content="Example Defence">
<meta property="og:title" content="Vietnam buys trainer jets">
<meta property="article:published_time" content="2023-11-05T07:45:00+07:00">
<style>.ad { display: none }</style>
<script>window.dataLayer = [{"section": "defence"}];</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/air">Air</a></li><li><a href="/sea">Sea</a></li></ul></nav>
<main><article>
<h1>Vietnam buys trainer jets</h1>
<p>Vietnam has signed a contract for twelve L-39NG trainer aircraft from the Czech Republic, the maker said on Sunday.</p>
<p>The first aircraft are due to be handed over in 2025, and pilots will be trained in both countries.</p>
<p>The value of the contract was not disclosed, but analysts put it at several hundred million dollars.</p>
</article></main>
<footer>Contact us | Privacy policy | Terms of use</footer>
</body></html>"""

# Short paragraphs written for these tests, each well over thirty words.
GERMAN = (
    "Die Regierung in Berlin hat am Mittwoch die Lieferung von weiteren Panzern genehmigt. "
    "Nach Angaben des Ministeriums sollen die Fahrzeuge noch in diesem Jahr ausgeliefert werden, "
    "auch wenn die Industrie über fehlende Teile klagt und der Zeitplan nicht sicher ist."
)
FRENCH = (
    "Le gouvernement a confirmé mardi la vente de douze avions de combat à la Grèce. "
    "Selon le ministère, les premiers appareils seront livrés dans les deux ans et les pilotes "
    "seront formés en France avant la fin de cette année, dans le cadre du contrat."
)
SPANISH = (
    "El ministerio de defensa de Perú anunció que negocia con un astillero español la compra "
    "de dos patrulleros para la marina. Según fuentes oficiales, el contrato podría firmarse "
    "antes de fin de año y una parte del trabajo se haría en el puerto del Callao."
)
RUSSIAN = (
    "Министерство обороны сообщило о поставке новых вертолетов в рамках контракта, "
    "подписанного несколько лет назад. По словам представителя ведомства, первые машины "
    "уже переданы заказчику, а остальные будут поставлены в следующем году."
)
CHINESE = "国防部表示，第一批新型直升机已经按照合同交付，其余的飞机将在明年之前完成交付。有关官员说，飞行员的培训工作也已经开始，双方对合作进展表示满意。"


def seed_paths() -> list[Path]:
    """The seed articles, sorted; empty when the shared samples are absent."""
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
