"""A synthetic news stream for benchmarks, built from the templates in ``armswatch/scale/templates``.

Most articles are ordinary news (sport, markets, weather, politics, tech,
health, culture); about one in seven is an arms-trade story whose parties and
weapons come from the project's own catalogs. Article ``i`` depends only on
the seed and ``i``, so the 1k corpus is the first thousand articles of the
10k corpus, and two runs with the same seed write identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_SLOT = re.compile(r"\{([A-Za-z]+?)(\d?)\}")
# Slots whose value is drawn once per article (and kept for the whole article).
_NAMED = {"Team", "Player", "Coach", "Person", "Official", "City", "Country", "Capital", "CountryAdj",
          "Company", "Product", "League", "Party", "Weekday", "Month"}
ENV_TEMPLATES = "ARMSWATCH_BENCH_TEMPLATES"


def default_templates_dir() -> Path:
    """``$ARMSWATCH_BENCH_TEMPLATES``, else the templates installed with the package."""
    env = os.environ.get(ENV_TEMPLATES)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True, slots=True)
class State:
    """A state as articles name it: country name, capital and adjective."""

    code: str
    name: str
    capital: str
    adjective: str


@dataclass(frozen=True, slots=True)
class Weapon:
    designation: str
    nouns: tuple[str, ...]


@dataclass(slots=True)
class SyntheticArticle:
    doc_id: str
    title: str
    text: str
    published: str
    topic: str

    @property
    def is_arms(self) -> bool:
        return self.topic == "arms"

    def to_json(self) -> dict:
        return {"id": self.doc_id, "title": self.title, "text": self.text, "published": self.published,
                "publisher": f"Bench {self.topic.title()} Desk", "url": f"https://news.example/{self.topic}/{self.doc_id}"}


class CorpusBuilder:
    """Turns the templates and the catalogs into articles."""

    def __init__(self, templates: str | os.PathLike | None = None, seed: int = 20240601) -> None:
        self.dir = Path(templates) if templates else default_templates_dir()
        if not (self.dir / "general.toml").is_file():
            raise FileNotFoundError(
                f"benchmark templates not found in {self.dir} (pass --templates or set ${ENV_TEMPLATES})")
        self.seed = seed
        self.general = self._load("general.toml")["topics"]
        self.arms = self._load("arms.toml")
        self.slots = self._load("slots.toml")
        topics = [(name, float(t["weight"])) for name, t in self.general.items()]
        topics.append(("arms", float(self.arms["weight"])))
        self.topic_names = [n for n, _ in topics]
        self.topic_weights = [w for _, w in topics]

    def _load(self, name: str) -> dict:
        with open(self.dir / name, "rb") as fh:
            return tomllib.load(fh)

    @cached_property
    def states(self) -> list[State]:
        from armswatch.extract.resources import party_aliases

        names: dict[str, str] = {}
        capitals: dict[str, str] = {}
        adjectives: dict[str, str] = {}
        for a in party_aliases():
            if len(a.code) != 3 or not a.code.isalpha():
                continue
            alias = a.alias
            if a.kind == "country" and a.code not in names and " of " not in alias and not alias.isupper():
                names[a.code] = alias
            elif a.kind == "capital":
                capitals.setdefault(a.code, alias)
            elif a.kind == "demonym" and not alias.endswith("s"):
                adjectives.setdefault(a.code, alias)
        return [State(code, name, capitals.get(code, name), adjectives.get(code, name))
                for code, name in sorted(names.items())]

    @cached_property
    def exporters(self) -> list[State]:
        from armswatch.extract.resources import lexicon

        by_code = {s.code: s for s in self.states}
        return [by_code[c] for c in lexicon()["direction"]["exporter_rank"] if c in by_code]

    @cached_property
    def weapons(self) -> list[Weapon]:
        from armswatch.extract.resources import weapon_entries

        nouns = self.slots["category_nouns"]
        return [Weapon(e.designation, tuple(nouns.get(e.category, nouns["other"]))) for e in weapon_entries()]

    # -- articles -------------------------------------------------------------

    def article(self, i: int) -> SyntheticArticle:
        """Article number ``i`` of the stream."""
        rng = random.Random(self.seed * 1_000_003 + i)
        topic = rng.choices(self.topic_names, self.topic_weights)[0]
        cast: dict[str, str] = {}
        if topic == "arms":
            self._arms_cast(rng, cast)
            title, sentences = self._arms_story(rng)
        else:
            t = self.general[topic]
            title = rng.choice(t["headlines"])
            k = rng.randint(12, 22)
            pool = t["sentences"]
            sentences = rng.sample(pool, min(k, len(pool)))
        body = self._paragraphs(rng, [self._fill(s, rng, cast) for s in sentences])
        published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 730))
        return SyntheticArticle(f"bench-{i:07d}", self._fill(title, rng, cast), body, published.isoformat(), topic)

    def articles(self, n: int, start: int = 0) -> Iterator[SyntheticArticle]:
        for i in range(start, start + n):
            yield self.article(i)

    def write_jsonl(self, path: str | os.PathLike, n: int) -> dict:
        """Write ``n`` articles as JSONL; returns counts (articles, arms articles, words, bytes)."""
        words = arms = 0
        with open(path, "w", encoding="utf-8") as fh:
            for a in self.articles(n):
                words += len(a.title.split()) + len(a.text.split())
                arms += a.is_arms
                fh.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
        return {"articles": n, "arms_articles": arms, "words": words, "bytes": os.path.getsize(path)}

    def _arms_story(self, rng: random.Random) -> tuple[str, list[str]]:
        a = self.arms
        title = rng.choice(a["headlines"])
        events = rng.sample(a["events"], rng.randint(2, 4))
        background = rng.sample(a["background"], rng.randint(4, 8))
        politics = rng.sample(self.general["politics"]["sentences"], rng.randint(2, 5))
        # The lead states an event; the rest mixes background, politics and further events.
        rest = background + politics + events[1:]
        rng.shuffle(rest)
        return title, [events[0], *rest]

    def _arms_cast(self, rng: random.Random, cast: dict[str, str]) -> None:
        supplier = rng.choice(self.exporters[:15]) if rng.random() < 0.85 else rng.choice(self.states)
        recipient = supplier
        while recipient.code == supplier.code:
            recipient = rng.choice(self.states)
        weapon = rng.choice(self.weapons)
        cast.update({
            "Supplier": supplier.name, "SupplierCapital": supplier.capital, "SupplierAdj": supplier.adjective,
            "Recipient": recipient.name, "RecipientCapital": recipient.capital, "RecipientAdj": recipient.adjective,
            "Weapon": weapon.designation, "WeaponNoun": rng.choice(weapon.nouns),
            # General sentences in an arms story talk about the same two states.
            "Country": recipient.name, "Country2": supplier.name, "Capital": recipient.capital,
        })

    @staticmethod
    def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
        paras: list[str] = []
        i = 0
        while i < len(sentences):
            k = rng.randint(1, 3)
            paras.append(" ".join(sentences[i:i + k]))
            i += k
        return "\n\n".join(paras)

    # -- slots ----------------------------------------------------------------

    def _fill(self, template: str, rng: random.Random, cast: dict[str, str]) -> str:
        year_box: list[int] = []

        def one(m: re.Match[str]) -> str:
            name, n = m.group(1), m.group(2)
            key = name + n
            if key in cast:
                return cast[key]
            if name in _NAMED:
                taken = {v for k, v in cast.items() if k.rstrip("0123456789") == name}
                value = self._named(name, rng, taken, cast)
                cast[key] = value
                return value
            return self._number(name + n, rng, year_box)

        out = _SLOT.sub(one, template)
        return out[:1].upper() + out[1:]

    def _named(self, name: str, rng: random.Random, taken: set[str], cast: dict[str, str]) -> str:
        s = self.slots
        for _ in range(20):
            if name in ("Country", "Capital", "CountryAdj"):
                state = rng.choice(self.states)
                value = {"Country": state.name, "Capital": state.capital, "CountryAdj": state.adjective}[name]
            elif name in ("Person", "Player", "Coach", "Official"):
                value = f"{rng.choice(s['first_names'])} {rng.choice(s['last_names'])}"
            else:
                vocab = {"Team": "teams", "Company": "companies", "Product": "products", "City": "cities",
                         "League": "leagues", "Party": "political_parties", "Weekday": "weekdays", "Month": "months"}[name]
                value = rng.choice(s[vocab])
            if value not in taken:
                break
        return value

    def _number(self, name: str, rng: random.Random, year_box: list[int]) -> str:
        if name == "N":
            return str(rng.randint(2, 12))
        if name == "Big":
            return f"{rng.randint(120, 95000):,}"
        if name == "Pct":
            return f"{rng.uniform(0.2, 9.9):.1f}"
        if name == "Money":
            unit = rng.choice(["million", "billion"])
            amount = rng.randint(20, 900) if unit == "million" else round(rng.uniform(1.1, 14.0), 1)
            return f"${amount} {unit}" if rng.random() < 0.7 else f"{amount} {unit} euros"
        if name == "Score":
            return f"{rng.randint(1, 4)}-{rng.randint(0, 3)}"
        if name == "Minute":
            return str(rng.randint(10, 89))
        if name == "Temp":
            return str(rng.randint(30, 44))
        if name == "Qty":
            return str(rng.randint(2, 60)) if rng.random() < 0.75 else rng.choice(self.slots["number_words"])
        if name == "Year":
            y = rng.randint(2012, 2026)
            year_box.append(y)
            return str(y)
        if name == "Year2":
            return str((year_box[-1] if year_box else 2024) + rng.randint(1, 5))
        raise KeyError(f"unknown template slot {{{name}}}")
