"""Trigger frames: which cue words a sentence holds, how they nest, and who plays which role.

A frame is one cue word with its arguments read off the dependency parse:
the logical subject, objects, prepositional arguments and the equipment in
its phrase. Frames nested as arguments of another ("negotiating the *sale*",
"lifted an *embargo*", "refusing to *send*") are absorbed by the outer frame;
frames in separate clauses stay separate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from armswatch.extract.resources import Cue, cues, lexicon
from armswatch.extract.syntax import (
    ARGUMENT_DEPS,
    CLAUSE_DEPS,
    Item,
    Sentence,
    climb_for_agent,
    is_negated,
    is_passive,
    object_parties,
    parties_in_phrase,
    prep_arguments,
)

# Verbs that need a particle to carry their cue meaning.
_PARTICLE_REQUIRED = {"turn": "down", "hand": "over", "pass": "on"}
# Prepositions that open an adverbial of time, cause or circumstance, not an argument.
_ADVERBIAL_PREPS = frozenset({"after", "before", "despite", "amid", "amidst", "following", "during", "since", "while",
                              "because", "until", "ahead", "over", "due", "in"})
_GOVERNING = frozenset({"BLOCK", "EMBARGO", "LIFT", "IMPOSE"})
_TRANSFER = frozenset({"DELIVERY", "SELL", "BUY", "DEAL"})
# Decisions on a transfer that a headline parse may hang under it: "US nixed(amod) arms sale".
_VERDICTS = frozenset({"REJECTION", "APPROVE", "CANCELLATION"})
_POS_OK = {"V": ("VERB",), "N": ("NOUN", "PROPN"), "*": ("VERB", "NOUN", "ADJ", "PROPN")}


@dataclass(slots=True)
class Frame:
    """One cue word in a sentence and its arguments."""

    tok: Token
    cue: Cue
    agents: list[str] = field(default_factory=list)
    agent_tok: Token | None = None
    preps: list[tuple[str, str]] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    negated: bool = False
    # Parties that are the passive subject: "Kurds were supplied with rifles".
    patients: list[str] = field(default_factory=list)
    light_verb: str | None = None
    parent: "Frame | None" = None
    children: list["Frame"] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.cue.kind

    @property
    def is_noun(self) -> bool:
        return self.tok.pos_ in ("NOUN", "PROPN")


@lru_cache(maxsize=1)
def _cue_index() -> dict[str, list[Cue]]:
    index: dict[str, list[Cue]] = {}
    for c in cues():
        index.setdefault(c.lemma, []).append(c)
        for form in c.forms:
            index.setdefault("form:" + form, []).append(c)
    return index


@lru_cache(maxsize=1)
def _light_verbs() -> frozenset[str]:
    return frozenset(lexicon()["context"]["light_verbs"])


@lru_cache(maxsize=1)
def _support_verbs() -> frozenset[str]:
    return frozenset(lexicon()["context"]["support_verbs"])


def support_verb(tok: Token) -> Token | None:
    """The verb that carries a transfer noun as its object without being a cue itself.

    "began deliveries", and with a preposition "proceeding with the deal", "goes ahead with the sale".
    """
    if tok.dep_ == "pobj" and tok.head.lower_ in ("with", "on") and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
    elif tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
    else:
        return None
    if verb.lemma_.lower() in _support_verbs() and cue_for(verb) is None:
        return verb
    return None


@lru_cache(maxsize=1)
def _military_modifiers() -> frozenset[str]:
    return frozenset(lexicon()["context"]["military_modifiers"])


def cue_for(tok: Token) -> Cue | None:
    """The cue a token is, given its lemma and part of speech, or None."""
    index = _cue_index()
    candidates = index.get(tok.lemma_.lower(), []) + index.get("form:" + tok.lower_, [])
    for c in candidates:
        if tok.pos_ not in _POS_OK[c.pos]:
            continue
        particle = _PARTICLE_REQUIRED.get(c.lemma)
        # The parser may attach the particle elsewhere ("hands over(quantmod) 10 Humvees"): the next word counts.
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if particle and not any(ch.dep_ == "prt" and ch.lower_ == particle for ch in tok.children) \
                and not (nxt is not None and nxt.lower_ == particle):
            continue
        return c
    return None


def has_military_context(sent: Sentence, tok: Token) -> bool:
    """Whether a noun such as "deal", "embargo" or "cooperation" is about arms."""
    mods = _military_modifiers()
    for t in tok.subtree:
        if t.lower_ in mods or t.lemma_.lower() in mods:
            return True
        if sent.item_at(t.i) is not None:
            return True
    left = tok.doc[max(0, tok.i - 2): tok.i]
    return any(t.lower_ in mods for t in left)


def _items_under(sent: Sentence, tok: Token, stop: set[int]) -> list[Item]:
    found: dict[int, Item] = {}
    purpose: set[int] = set()

    def walk(t: Token, for_purpose: bool = False) -> None:
        item = sent.item_at(t.i)
        if item is not None:
            found.setdefault(item.head, item)
            if for_purpose:
                purpose.add(item.head)
        for c in t.children:
            if c.i in stop:
                continue
            if c.dep_ in ("conj",) and c.pos_ == "VERB":
                continue
            if c.dep_ in ("ccomp", "parataxis"):
                continue
            if c.dep_ == "advcl" and not any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                continue
            walk(c, for_purpose or (c.dep_ == "prep" and c.lower_ == "for"))

    walk(tok)
    # "offered 26 Rafale jets for its aircraft carrier": with a named system, what the "for"
    # phrase names is what it is for, not a second thing sold.
    if any(it.weapon for it in found.values()):
        found = {h: it for h, it in found.items() if it.weapon or h not in purpose}
    return sorted(found.values(), key=lambda it: it.head)


def _noun_agents(sent: Sentence, tok: Token, frame: "Frame") -> tuple[list[str], Token | None]:
    codes: list[str] = []
    for c in tok.children:
        # A headline's verb tagged as a noun keeps its subject as a modifier: "Turkey(npadvmod) smuggling arms".
        if c.dep_ in ("poss", "compound", "amod", "nmod") or (c.dep_ == "npadvmod" and tok.dep_ == "ROOT" and c.i < tok.i):
            codes.extend(x for x in parties_in_phrase(sent, c, follow_preps=()) if x not in codes)
    verb = support_verb(tok)
    if verb is not None:
        # "Russia began deliveries to Iran"; "Canada is proceeding with the Saudi arms deal": the
        # verb's subject acts, a party modifying the noun is the other side.
        agents, agent_tok = climb_for_agent(sent, verb)
        if agents:
            frame.objects.extend(c for c in codes if c not in agents and c not in frame.objects)
            return agents, agent_tok
    if codes:
        return codes, None
    # "placed an order", "sent in a proposal", "took delivery": the subject of the light verb.
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into", "on") and tok.head.head.pos_ in ("VERB", "AUX"):
        # "Ankara is in talks with Moscow", "entered into negotiations": the verb's subject talks.
        return climb_for_agent(sent, tok.head.head)
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into") and tok.head.head.dep_ == "ROOT" \
            and tok.head.head.pos_ in ("PROPN", "NOUN"):
        # Headline without a verb: "India in talks to buy drones".
        return parties_in_phrase(sent, tok.head.head, follow_preps=()), tok.head.head
    if tok.dep_ == "ROOT":
        # A headline verb tagged as a noun ("US OKs arms sale"): its subject acts.
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return parties_in_phrase(sent, subj), subj
    if tok.dep_ in ("dobj", "attr", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX") \
            and tok.head.lemma_.lower() in _light_verbs():
        frame.light_verb = tok.head.lemma_.lower()
        return climb_for_agent(sent, tok.head)
    return [], None


def find_frames(sent: Sentence) -> list[Frame]:
    """All cue frames of a sentence, nested; the returned list holds only top-level frames."""
    frames: dict[int, Frame] = {}
    for tok in sent.doc:
        if tok.i in sent.party_at or sent.item_at(tok.i) is not None and tok.pos_ != "VERB":
            continue
        cue = cue_for(tok)
        if cue is not None:
            frames[tok.i] = Frame(tok, cue)
    for f in frames.values():
        f.parent = _absorbing_parent(f.tok, frames)
    for f in frames.values():
        p = f.parent
        if p is not None and f.kind in _GOVERNING | _VERDICTS and f.tok.dep_ in ("compound", "amod", "nmod") \
                and p.kind in _TRANSFER:
            # Headline parses such as "halt(compound) arms sales": the ban governs the sales.
            f.parent, p.parent = p.parent, f
    for f in frames.values():
        if f.parent is not None:
            f.parent.children.append(f)
    for f in frames.values():
        _fill_arguments(sent, f, frames)
    return [f for f in frames.values() if f.parent is None]


def _absorbing_parent(tok: Token, frames: dict[int, Frame]) -> Frame | None:
    t = tok
    for _ in range(8):
        # An infinitive hung on a cue noun as a relative clause ("an offer to supply S-300s") too.
        purpose = t.dep_ in ("advcl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        # "signed a deal to buy 250 tanks": an infinitive of purpose is part of the frame.
        if t.head.i == t.i or (not purpose and (t.dep_ in CLAUSE_DEPS or t.dep_ not in ARGUMENT_DEPS)):
            return None
        if t.dep_ == "prep" and t.lower_ in _ADVERBIAL_PREPS:
            return None
        t = t.head
        if t.i in frames:
            return frames[t.i]
    return None


def _fill_arguments(sent: Sentence, f: Frame, frames: dict[int, Frame]) -> None:
    tok = f.tok
    if f.is_noun or tok.pos_ == "ADJ":
        if tok.pos_ == "ADJ":
            f.agents, f.agent_tok = climb_for_agent(sent, tok.head if tok.dep_ == "acomp" else tok)
        else:
            f.agents, f.agent_tok = _noun_agents(sent, tok, f)
    else:
        f.agents, f.agent_tok = climb_for_agent(sent, tok)
        f.objects = object_parties(sent, tok)
    f.preps = prep_arguments(sent, tok)
    verb = support_verb(tok) if f.is_noun else None
    if verb is not None:
        # "increases arms shipments to rebels": the parser hangs the noun's "to" on the verb.
        own = {p for p, _ in f.preps}
        f.preps += [(p, c) for p, c in prep_arguments(sent, verb, depth=0) if p not in own]
    elif f.is_noun and f.kind in _TRANSFER and tok.dep_ == "dobj" and cue_for(tok.head) is None \
            and not any(p in ("to", "into") for p, _ in f.preps):
        # "could hit Russian shipments of missiles to Syria": the destination still belongs to the noun.
        f.preps += [(p, c) for p, c in prep_arguments(sent, tok.head, depth=0) if p in ("to", "into")]
    if is_passive(tok):
        f.preps = [(p, c) for p, c in f.preps if p != "by"]
        if not f.is_noun:
            f.patients = [c for s in tok.children if s.dep_ == "nsubjpass" and sent.item_at(s.i) is None
                          for c in parties_in_phrase(sent, s)]
    if not f.is_noun and tok.dep_ == "acl" and tok.tag_ == "VBN" and sent.item_at(tok.head.i) is None:
        # "Libyan rebels supplied with anti-tank weapons by Qatar": the party the participle describes.
        f.patients = parties_in_phrase(sent, tok.head, follow_preps=())
    own = {ch.tok.i for ch in f.children}
    separate = {i for i in frames if i not in own and i != tok.i}
    f.items = _items_under(sent, tok, separate)
    if f.light_verb and not f.items:
        # "took delivery last month of two frigates": the parser hangs "of" on the light verb.
        for c in tok.head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                f.items = _items_under(sent, c, separate)
    if tok.dep_ in ("acl", "relcl") and not f.items:
        # "rocket launchers sent to Ukraine": the participle's object is the noun it modifies.
        head_item = sent.item_at(tok.head.i)
        if head_item is not None:
            f.items = [head_item]
    f.negated = is_negated(tok)
    # Parties that are really the items' makers ("Russian helicopters") are not arguments.
    item_tokens = set().union(*(it.tokens for it in f.items)) if f.items else set()
    f.agents = [a for a in f.agents if not _only_inside(sent, a, item_tokens)]


def _only_inside(sent: Sentence, code: str, tokens: set[int]) -> bool:
    where = [i for i, p in sent.party_at.items() if p.code == code]
    return bool(where) and all(i in tokens for i in where)


def walk(frame: Frame):
    """The frame and every frame it absorbed, depth first."""
    yield frame
    for c in frame.children:
        yield from walk(c)
