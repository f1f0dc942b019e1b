"""Reading a parsed sentence: mentions on tokens, subjects, prepositional arguments, modality.

Functions here know about spaCy tokens and dependency labels, nothing about
event types. ``Sentence`` bundles one parsed sentence with the parties,
weapons and equipment terms found in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from armswatch.extract.parties import PartyMention, find_parties
from armswatch.extract.resources import lexicon
from armswatch.extract.weapons import WeaponMention, find_weapons, term_table

# Dependency labels that attach an argument to its head; a trigger nested under
# another through these is part of the other's frame ("negotiating the sale").
ARGUMENT_DEPS = frozenset({"dobj", "pobj", "prep", "compound", "nmod", "xcomp", "attr", "acomp", "acl",
                           "dative", "agent", "nsubjpass", "pcomp", "oprd", "amod", "poss", "appos", "npadvmod"})
# Clause boundaries: what lies beyond them is another statement.
CLAUSE_DEPS = frozenset({"conj", "relcl", "advcl", "ccomp", "parataxis", "csubj"})
PREP_DEPS = frozenset({"prep", "dative", "agent"})
_RELATIONAL_NOUNS = frozenset({"neighbour", "neighbor", "ally", "rival", "enemy", "foe", "partner", "proxy",
                               "client", "adversary", "archrival", "arch-rival"})
_PAIR_NOUNS = frozenset({"country", "side", "nation", "government", "state", "capital", "neighbour", "neighbor", "ally"})
_MAKING = frozenset({"build", "make", "manufacture", "produce", "develop", "design", "assemble", "construct"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "who", "which"})


@lru_cache(maxsize=1)
def _subject_descriptions() -> frozenset[str]:
    return frozenset(lexicon()["sentences"]["subject_descriptions"])


def stands_for_previous(tok: Token) -> bool:
    """Whether subject ``tok`` refers back like "it": a pronoun, or "the company" / "the kingdom"."""
    if tok.lower_ in ("it", "they", "we"):
        return True
    return tok.lemma_.lower() in _subject_descriptions() and any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


@dataclass(slots=True)
class Item:
    """A piece of equipment named in the sentence: a designation, a generic term, or both."""

    head: int
    tokens: set[int]
    weapon: WeaponMention | None = None
    category: str | None = None
    generic: bool = True
    # The party a modifier names as where it came from: "U.S.-supplied bombs", "Russian-built jets".
    made_in: str | None = None

    @property
    def origin(self) -> str | None:
        """Where the item comes from: a modifier saying so, else the catalog's origin of its designation."""
        return self.made_in or (self.weapon.origin if self.weapon else None)


@dataclass(slots=True)
class Sentence:
    """One parsed sentence with its mentions mapped onto token indices."""

    doc: Doc
    start: int
    party_at: dict[int, PartyMention] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    # The subject party of an earlier sentence, for "It will also buy ..." here.
    previous_subject: list[str] = field(default_factory=list)
    # The supplier and recipient of the document's latest event, for "the two countries".
    recent_dyad: list[str] = field(default_factory=list)
    # The sentence as written, when the parser was given it in another case (extract.casing).
    written: str | None = None
    # The sentence exactly as the article has it, for evidence (``text`` may be read in Title Case).
    quote: str | None = None

    @property
    def text(self) -> str:
        return self.written if self.written is not None else self.doc.text

    def item_at(self, i: int) -> Item | None:
        for it in self.items:
            if i in it.tokens:
                return it
        return None


def _tokens_in(doc: Doc, start: int, end: int) -> list[int]:
    return [t.i for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _span_head(doc: Doc, idxs: list[int]) -> int:
    inside = set(idxs)
    for i in idxs:
        if doc[i].head.i not in inside or doc[i].head.i == i:
            return i
    return idxs[-1]


@lru_cache(maxsize=1)
def _cue_lemmas() -> frozenset[str]:
    from armswatch.extract.resources import cues

    return frozenset(c.lemma for c in cues()) | frozenset(f for c in cues() for f in c.forms if c.pos != "V")


def _np_head(tok: Token) -> Token:
    # "Mi-35 attack helicopters": the designation is a compound of the noun that heads the
    # phrase; but in "Su-35 deal" or "arms embargo" the head is a cue, not equipment.
    cue_words = _cue_lemmas()
    while tok.dep_ in ("compound", "nmod", "amod", "nummod") and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        if tok.head.lemma_.lower() in cue_words or tok.head.lower_ in cue_words:
            break
        tok = tok.head
    return tok


def build_sentence(doc: Doc, start: int, previous_subject: list[str] | None = None,
                   written: str | None = None, quote: str | None = None) -> Sentence:
    """Map party, weapon and equipment-term mentions of ``doc`` onto its tokens.

    ``written`` is the sentence as written when ``doc`` was parsed from a recased copy of it.
    """
    sent = Sentence(doc, start, previous_subject=list(previous_subject or []),
                    written=written if written is not None and written != doc.text else None,
                    quote=quote)
    for p in find_parties(sent.text):
        idxs = _tokens_in(doc, p.start, p.end)
        if idxs:
            sent.party_at[_span_head(doc, idxs)] = p
            for i in idxs:
                sent.party_at.setdefault(i, p)
    by_head: dict[int, Item] = {}
    for w in find_weapons(sent.text):
        idxs = _tokens_in(doc, w.start, w.end)
        if not idxs:
            continue
        if any(i in sent.party_at for i in idxs) and w.origin is None:
            continue
        for i in idxs:
            sent.party_at.pop(i, None)
        head = _np_head(doc[_span_head(doc, idxs)]).i
        item = by_head.get(head)
        if item is None:
            item = by_head[head] = Item(head, set())
        item.tokens.update(idxs)
        item.tokens.add(head)
        if item.weapon is None:
            item.weapon = w
            item.category = w.category
            item.generic = False
    table, longest = term_table()
    toks = [t for t in doc if t.text not in ("-", "\u2010", "\u2011")]
    words = [(t.i, t.lemma_.lower()) for t in toks]
    forms = [t.lower_ for t in toks]
    matches: list[tuple[int, list[int], str | None]] = []
    for pos in range(len(words)):
        for n in range(min(longest, pos + 1), 0, -1):
            key = tuple(w for _, w in words[pos - n + 1: pos + 1])
            if key not in table:
                # The lemmatiser turns "arms" into "arm": try the words as written.
                key = tuple(forms[pos - n + 1: pos + 1])
            if key in table:
                if doc[words[pos][0]].pos_ in ("NOUN", "PROPN", "ADJ"):
                    matches.append((n, [i for i, _ in words[pos - n + 1: pos + 1]], table[key]))
                break
    # Longest terms first, so "anti-tank weapon" decides the category, not "tank".
    for _, idxs, cat in sorted(matches, key=lambda m: -m[0]):
        head = _np_head(doc[idxs[-1]]).i
        item = by_head.get(head)
        if item is None:
            item = by_head[head] = Item(head, set())
        item.tokens.update(idxs)
        item.tokens.add(head)
        if item.category is None:
            item.category = cat
    _merge_modifying_terms(doc, by_head)
    not_equipment = _not_equipment_heads()
    for head in [h for h, it in by_head.items() if it.weapon is None and (
            h in sent.party_at or (doc[h].lemma_.lower() in not_equipment and h not in _term_tokens(matches)))]:
        # "Kurdish fighters" names a party, not aircraft; an "arms dealer" is a person.
        del by_head[head]
    sent.items = sorted(by_head.values(), key=lambda it: it.head)
    for item in sent.items:
        item.made_in = _origin_modifier(sent, doc[item.head])
    return sent


@lru_cache(maxsize=1)
def _not_equipment_heads() -> frozenset[str]:
    return frozenset(lexicon()["context"]["not_equipment_heads"])


def _term_tokens(matches: list[tuple[int, list[int], str | None]]) -> set[int]:
    return {i for _, idxs, _ in matches for i in idxs}


def _merge_modifying_terms(doc: Doc, by_head: dict[int, Item]) -> None:
    """A generic term that modifies another ("'bunker buster' bombs") is part of the other's phrase."""
    for head in sorted(by_head, reverse=True):
        item = by_head[head]
        tok = doc[head]
        outer = by_head.get(tok.head.i)
        if item.weapon is None and outer is not None and outer is not item and tok.dep_ in ("compound", "amod", "nmod"):
            outer.tokens |= item.tokens
            if outer.category in (None, "other"):
                outer.category = item.category
            del by_head[head]


@lru_cache(maxsize=1)
def _origin_participles() -> frozenset[str]:
    return frozenset(lexicon()["context"]["origin_participles"])


_ORIGIN_VERBS = _MAKING | {"supply", "provide", "sell", "deliver", "donate", "give", "send", "ship"}
# Work done under a contract for a customer: "a contract to build / upgrade frigates for Greece".
_WORK_VERBS = _MAKING | {"upgrade", "refurbish", "modernise", "modernize", "overhaul", "retrofit", "repair",
                         "maintain", "convert", "outfit", "equip"}
_CONTRACT_NOUNS = frozenset({"contract", "deal", "order", "agreement"})
_ORIGIN_KINDS = frozenset({"country", "demonym", "firm", "agency", "capital"})


def _origin_modifier(sent: Sentence, head: Token) -> str | None:
    """A party that a modifier of ``head`` names as the origin: "U.S.-made", "French-built", "U.S. drones",
    or a participle after it: "bombs supplied by the United States", "rifles made in Germany"."""
    for m in head.children:
        if m.dep_ == "acl" and m.tag_ == "VBN" and m.lemma_.lower() in _ORIGIN_VERBS:
            for p in m.children:
                if p.dep_ == "agent" or (p.dep_ == "prep" and p.lower_ == "in" and m.lemma_.lower() in _MAKING):
                    for obj in p.children:
                        q = sent.party_at.get(obj.i)
                        if obj.dep_ == "pobj" and q is not None and q.kind in _ORIGIN_KINDS:
                            return q.code
    for m in head.children:
        if m.dep_ not in ("amod", "compound", "nmod") or m.i > head.i:
            continue
        p = sent.party_at.get(m.i)
        if p is not None and p.kind in _ORIGIN_KINDS:
            # "U.S.-supplied" as one token, or a plain modifier "U.S. Predator drones".
            return p.code
        if m.lower_ in _origin_participles() or m.lower_.split("-")[-1] in _origin_participles():
            for x in m.subtree:
                q = sent.party_at.get(x.i)
                if q is not None and q.kind in _ORIGIN_KINDS:
                    return q.code
        if m.dep_ == "compound":
            found = _origin_modifier(sent, m)
            if found:
                return found
    return None


def parties_in_phrase(sent: Sentence, tok: Token, *, follow_preps: tuple[str, ...] = ("of",)) -> list[str]:
    """Party codes named inside the noun phrase headed by ``tok`` (conjuncts included).

    Prepositional phrases are followed only for the prepositions given, so that
    "head of Rostec" counts and "ties with Russia" does not.
    """
    out: list[str] = []

    def walk(t: Token) -> None:
        p = sent.party_at.get(t.i)
        if p and p.code not in out:
            out.append(p.code)
        if p is None and t.lemma_.lower() in _PAIR_NOUNS and any(c.lower_ in ("two", "both") for c in t.children):
            # "the two countries signed": the pair the text has been talking about.
            out.extend(x for x in sent.recent_dyad if x not in out)
        for c in t.children:
            if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "det"):
                continue
            if c.dep_ == "poss" and t.lemma_.lower() in _RELATIONAL_NOUNS:
                # "Iran's neighbour Azerbaijan": the neighbour is the party, not Iran.
                continue
            # "to Islamabad, Sergei Chemezov, head of Rostec, told": an apposition
            # after a party is a misattached speaker, not a second party.
            if c.dep_ == "appos" and p is not None and not _is_state(sent, c):
                continue
            if c.dep_ in PREP_DEPS and c.lower_ not in follow_preps:
                continue
            if sent.item_at(c.i) is not None and c.dep_ not in ("conj", "poss", "compound", "amod", "appos"):
                continue
            walk(c)

    walk(tok)
    return out


def _is_state(sent: Sentence, tok: Token) -> bool:
    # Headlines list states by apposition: "Israel, India to sign deal".
    p = sent.party_at.get(tok.i)
    return p is not None and p.kind in ("country", "capital")


def prep_arguments(sent: Sentence, tok: Token, depth: int = 3) -> list[tuple[str, str]]:
    """(preposition, party) pairs attached to ``tok`` or to the nouns it governs.

    "negotiating the sale of helicopters to Islamabad" gives ("to", "PAK") for
    the verb because "to Islamabad" hangs from its object.
    """
    out: list[tuple[str, str]] = []

    def walk(t: Token, d: int, via_participle: str = "") -> None:
        for c in t.children:
            if c.dep_ in PREP_DEPS:
                word = "by" if c.dep_ == "agent" else c.lower_
                if via_participle == "made":
                    # "helicopters built by PZL Mielec": the maker, not the actor.
                    word = "made-" + word
                elif via_participle == "customer":
                    # "a contract to upgrade M-48 tanks for Turkey": the one the work is done for.
                    word = "for-customer" if word == "for" else word
                elif via_participle == "from" and word == "by":
                    # "used bombs supplied by the United States": where the things came from.
                    word = "from"
                for obj in c.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        for code in parties_in_phrase(sent, obj):
                            out.append((word, code))
                        # "the sale of four helicopters to Islamabad" may hang "to" on the object of "of".
                        if d > 0 and word == "of":
                            walk(obj, d - 1)
                if d > 0 and word == "worth":
                    # "gave eight boats worth $40 million to Tunisia": "to" hangs on "worth".
                    walk(c, d - 1)
            elif c.dep_ in ("dobj", "attr", "oprd") and d > 0 and c.pos_ in ("NOUN", "PROPN", "NUM"):
                # "to upgrade tanks for Turkey": the parser may hang "for" on the object.
                walk(c, d - 1, via_participle if via_participle == "customer" else "")
            elif c.dep_ == "amod" and c.pos_ == "ADJ" and d > 0 and t.pos_ in ("NOUN", "PROPN"):
                # "helicopters worth $170 million to Pakistan": "to" hangs on the adjective.
                walk(c, d - 1)
            elif c.dep_ in ("acl", "relcl") and c.tag_ == "VB" and d > 0 and t.pos_ == "NOUN" \
                    and c.lemma_.lower() in _WORK_VERBS and t.lemma_.lower() in _CONTRACT_NOUNS:
                walk(c, d - 1, "customer")
            elif c.dep_ == "acl" and c.tag_ == "VBN" and d > 0:
                # "proposals made by Pakistan to Russia": the participle carries the noun's
                # arguments, unless it says who built the thing.
                lemma = c.lemma_.lower()
                # "made by" is a maker after equipment but the actor after "proposals".
                if lemma in _MAKING and (lemma != "make" or sent.item_at(t.i) is not None):
                    walk(c, d - 1, "made")
                elif lemma in _ORIGIN_VERBS and sent.item_at(t.i) is not None:
                    walk(c, d - 1, "from")
                else:
                    walk(c, d - 1)

    walk(tok, depth)
    return out


def object_parties(sent: Sentence, tok: Token) -> list[str]:
    """Parties that are the direct or indirect object of a verb ("supply Pakistan with", "asked Russia")."""
    out: list[str] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "iobj", "dative") and c.lower_ in ("it", "them") and c.i > tok.i:
            # "declined to sell it F-15s": the object pronoun is the sentence's main subject.
            out.extend(x for x in main_subject(sent) if x not in out)
            continue
        if c.dep_ in ("dobj", "iobj", "dative") and c.pos_ in ("PROPN", "NOUN"):
            if sent.party_at.get(c.i) is not None or any(sent.party_at.get(x.i) for x in c.conjuncts):
                out.extend(parties_in_phrase(sent, c, follow_preps=()))
            else:
                # "offered India 26 Rafale jets" is often parsed with the indirect
                # object as a modifier of the direct one; a demonym there is an origin.
                for m in c.children:
                    p = sent.party_at.get(m.i)
                    if m.dep_ in ("nmod", "compound") and p is not None and p.kind != "demonym" and m.i < c.i:
                        if sent.item_at(m.i) is None and p.code not in out:
                            out.append(p.code)
    return out


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def own_subject(tok: Token) -> Token | None:
    """The grammatical subject attached to ``tok`` itself, if any."""
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and not is_passive(tok))]
    # Of two subjects (a misparse), the one closest to the verb is the real one.
    return subjects[-1] if subjects else None


def climb_for_agent(sent: Sentence, tok: Token) -> tuple[list[str], Token | None]:
    """The parties that act as the logical subject of ``tok``.

    Follows control and coordination upward: "Russia told the US to stop
    supplying" gives the US (object control), "Russia has lifted ... and is
    negotiating" gives Russia (shared subject), "..., assuring India that"
    gives the main clause's subject. Adverbial clauses with their own marker
    ("if missiles are supplied") are not climbed out of.
    Returns the codes and the subject token they came from.
    """
    t = tok
    for step in range(10):
        if is_passive(t):
            for c in t.children:
                if c.dep_ == "agent":
                    for obj in c.children:
                        codes = parties_in_phrase(sent, obj)
                        if codes:
                            return codes, obj
            # A passive trigger without "by ..." names no agent; a passive verb higher
            # up ("slammed for refusing to send") still passes its subject down.
            if step == 0 and t.dep_ != "conj":
                return [], None
        subj = own_subject(t) if not (step == 0 and is_passive(t)) else None
        if subj is not None:
            codes = parties_in_phrase(sent, subj)
            if codes:
                return codes, subj
            if subj.lower_ in ("which", "who", "that") and t.dep_ == "relcl":
                # "Germany, which this week stopped approving exports": the relative
                # pronoun stands for the noun the clause hangs on.
                return parties_in_phrase(sent, t.head), subj
            if subj.lower_ in PRONOUNS or stands_for_previous(subj):
                return _antecedent(sent, t), subj
            return [], subj
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return [], None
        head = t.head
        if t.dep_ in ("acl", "relcl") and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            # Headline "US plan to arm rebels", "Senate committee votes to provide": the noun's owner acts.
            codes = parties_in_phrase(sent, head, follow_preps=())
            if codes:
                return codes, head
        if t.dep_ == "acl" and head.dep_ == "ROOT" and head.i < t.i and (
                t.tag_ in ("VBD", "VBZ", "VBP") or (t.tag_ == "VBN" and any(c.dep_ == "dobj" for c in t.children))):
            # A headline's finite verb parsed as a modifier: "A Saudi-led coalition used(acl) bombs".
            codes = parties_in_phrase(sent, head, follow_preps=())
            if codes:
                return codes, head
        if t.dep_ == "acl" and head.i in sent.party_at and head.i < t.i and not is_passive(t):
            # Headline "Brazil set to buy jets", "Russia ready to sell": the party the clause hangs on.
            return parties_in_phrase(sent, head, follow_preps=()), head
        if t.dep_ == "acl" and t.tag_ == "VBG":
            # Headline style "Estonia, Latvia and Lithuania sending missiles to Ukraine".
            return parties_in_phrase(sent, head), head
        if t.dep_ == "acl" and t.tag_ == "VBN":
            # "weigh doubling the launchers sent to Ukraine": the one who weighs sends.
            verb = _governing_verb(head)
            if verb is None or verb.lemma_.lower() not in _CONTROL_VERBS:
                return [], None
            t = verb
            continue
        if t.dep_ == "xcomp":
            controller = object_parties(sent, head)
            if controller:
                return controller, None
            if is_passive(head) and head.lemma_.lower() in _RAISING:
                # "Britain was expected to offer": the passive subject is the infinitive's.
                raised = [c for c in head.children if c.dep_ == "nsubjpass"]
                if raised and parties_in_phrase(sent, raised[0]):
                    return parties_in_phrase(sent, raised[0]), raised[0]
        elif t.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
            # "Britain's role in arming Israel", "Turkey's efforts at supplying": the noun's owner acts.
            owners = [c for c in head.head.children if c.dep_ in ("poss", "compound") and c.i in sent.party_at]
            if owners:
                return parties_in_phrase(sent, owners[0], follow_preps=()), owners[0]
        elif t.dep_ == "pcomp" and head.lower_ == "for" and head.head.pos_ == "VERB":
            # "Russia slams Germany for halting the deal": the one blamed or praised did it.
            controller = object_parties(sent, head.head)
            if controller:
                return controller, None
        elif t.dep_ == "advcl":
            if any(c.dep_ == "mark" for c in t.children):
                return [], None
        elif t.dep_ == "relcl":
            return [], None
        elif t.dep_ not in ("conj", "acomp", "pcomp", "acl", "ccomp", "pobj", "prep", "dobj", "attr", "amod"):
            return [], None
        t = head
    return [], None


_RAISING = frozenset({"expect", "say", "report", "believe", "set", "schedule", "slate", "poise", "tip", "understand",
                      "think", "rumour", "rumor", "know", "suppose", "see", "consider", "due"})
_CONTROL_VERBS = frozenset({"weigh", "consider", "plan", "decide", "approve", "announce", "double", "increase", "boost",
                            "expand", "authorize", "authorise", "pledge", "promise", "offer", "propose", "mull", "agree"})


def _governing_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(6):
        if t.pos_ == "VERB":
            if t.dep_ == "xcomp" and t.head.pos_ == "VERB" and t.head.lemma_.lower() in _CONTROL_VERBS:
                return t.head
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _antecedent(sent: Sentence, tok: Token) -> list[str]:
    # "Germany says it will send": a pronoun subject refers to the subject of a governing verb.
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            break
        t = t.head
        subj = own_subject(t)
        if subj is not None:
            codes = parties_in_phrase(sent, subj)
            if codes:
                return codes
    if stands_for_previous(tok) or any(stands_for_previous(c) and c.dep_ in SUBJECT_DEPS for c in tok.children):
        return list(sent.previous_subject)
    return []


def main_subject(sent: Sentence) -> list[str]:
    """Parties that are the subject of the sentence's main verb (for the next sentence's pronouns)."""
    for tok in sent.doc:
        if tok.dep_ == "ROOT":
            subj = own_subject(tok)
            if subj is not None:
                return parties_in_phrase(sent, subj)
    return []


_REPORTING = frozenset({"say", "tell", "announce", "state", "confirm", "report", "add", "disclose"})


@lru_cache(maxsize=1)
def _modal_words() -> dict:
    return lexicon()["modality"]


def is_negated(tok: Token) -> bool:
    """Whether the trigger itself is negated ("did not sign", "no deals", "never delivered")."""
    neg = set(_modal_words()["negators"])
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "neither")):
            return True
    # "there will not be any deal": negation sits on the copula that governs the noun.
    if tok.dep_ in ("attr", "dobj", "nsubj", "pobj") and tok.pos_ == "NOUN":
        head = tok.head
        if tok.dep_ == "pobj":
            head = head.head
        for c in head.children:
            if c.dep_ == "neg" and head.lemma_ in ("be", "have", "sign", "conclude", "reach", "exist") and c.lower_ in neg:
                return True
    return False


def modality_of(tok: Token) -> str:
    """asserted / planned / possible for the clause of ``tok`` (negation handled by the caller)."""
    m = _modal_words()
    planned_aux = set(m["planned_aux"])
    possible_aux = set(m["possible_aux"])
    t = tok
    for _ in range(6):
        for c in t.children:
            low = c.lower_
            if c.dep_ == "aux":
                if low in planned_aux:
                    return "planned"
                if low == "would" and t.dep_ == "ccomp" and t.head.lemma_.lower() in _REPORTING:
                    # "officials said Washington would send": reported future.
                    return "planned"
                if low in possible_aux:
                    return "possible"
            if c.dep_ == "amod" and low in m["possible_adjs"]:
                return "possible"
            if c.dep_ == "mark" and low in m["possible_marks"]:
                return "possible"
        if t.dep_ in ("xcomp", "ccomp", "acomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "conj"):
            head = t.head
            if t.dep_ == "xcomp" or (t.dep_ in ("dobj", "pcomp", "ccomp") and head.pos_ == "VERB"):
                lemma = head.lemma_.lower()
                if lemma in m["denial_verbs"]:
                    return "denied"
                if lemma in m["planned_verbs"] or (lemma == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)):
                    return "planned"
                if lemma in m["possible_verbs"]:
                    return "possible"
            t = head
            continue
        break
    # Headline style: "Biden to send artillery to Ukraine" has "to" and no finite verb; the parser
    # may also hang the infinitive on the subject ("UAE(ROOT) to buy(relcl) ...").
    headline_head = tok.dep_ == "ROOT" or (tok.dep_ in ("relcl", "acl") and tok.head.dep_ == "ROOT"
                                           and tok.head.pos_ in ("PROPN", "NOUN") and tok.head.i < tok.i)
    if headline_head and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return "planned"
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in tok.children):
        return "planned"
    return "asserted"
