"""From cue frames to contract events: type, parties, weapon, quantity, value, year, modality.

The rules here are about the language of arms-trade reporting in general:
who is the subject of "supply" versus "request", how "lifted an embargo"
or "refused to send" combine, when "bought" is a contract and when a
running trade. Nothing here knows any particular article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from armswatch.extract.dates import YearMention, find_years, nearest_year
from armswatch.extract.frames import Frame, find_frames, has_military_context, walk
from armswatch.extract.numbers import Quantity, find_money, parse_number, parse_quantity
from armswatch.extract.resources import lexicon
from armswatch.extract.syntax import Item, Sentence, modality_of
from armswatch.model import Event, EventType, Evidence, Modality

_TRANSFER_KINDS = {"DELIVERY", "SELL", "BUY", "DEAL", "AGREEMENT"}
_DIRECTIVES = {"tell", "urge", "call", "demand", "ask", "press", "pressure", "must", "should", "need"}
_LIFT_WORDS = {"lift", "lifts", "lifted", "ease", "eases", "eased", "end", "ends", "scrap", "scraps", "remove", "removes"}
_THIRD_PARTIES = {"country", "ally", "partner", "nation", "state", "government", "member", "buyer", "customer"}
_INTENT_VERBS = {"want", "seek", "plan", "intend", "look", "hope", "wish", "aim", "consider", "explore", "weigh", "mull"}


@dataclass(frozen=True, slots=True)
class OpenSide:
    """A supplier or recipient named for some equipment, with no counterpart yet."""

    supplier: str | None
    recipient: str | None
    families: frozenset[str]
    categories: frozenset[str]


@dataclass(slots=True)
class DocContext:
    """What the extractor remembers across the sentences of one document."""

    doc_id: str
    published: dt.date | None
    last_agent: list[str] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)
    last_year: int | None = None
    # One side of a transfer a sentence names without the other ("the kingdom is buying
    # submarines", "tenders will be invited"): not an event, but what a later sentence about
    # the same equipment ("Britain is expected to offer a submarine") completes itself with.
    open_sides: list[OpenSide] = field(default_factory=list)


@lru_cache(maxsize=1)
def _exporter_rank() -> dict[str, int]:
    return {code: i for i, code in enumerate(lexicon()["direction"]["exporter_rank"])}


@lru_cache(maxsize=1)
def _unit_nouns() -> frozenset[str]:
    return frozenset(lexicon()["quantity"]["unit_nouns"])


@lru_cache(maxsize=1)
def _abstract_objects() -> frozenset[str]:
    return frozenset(lexicon()["context"]["abstract_objects"])


@lru_cache(maxsize=1)
def _notice_verbs() -> frozenset[str]:
    return frozenset(lexicon()["context"]["notice_verbs"])


def _announced(tok: Token) -> bool:
    """A noun that is what an announcing verb makes public: "announces sales", "notified Congress of a sale"."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i:
        head = head.head
    elif tok.dep_ not in ("dobj", "nsubjpass"):
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in _notice_verbs() and not _under_agreement(head)


@lru_cache(maxsize=1)
def _light_verbs() -> frozenset[str]:
    return frozenset(lexicon()["context"]["light_verbs"])


@dataclass(slots=True)
class Roles:
    suppliers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    either: list[str] = field(default_factory=list)

    def absorb(self, other: "Roles") -> None:
        for mine, theirs in ((self.suppliers, other.suppliers), (self.recipients, other.recipients)):
            if not mine:
                mine.extend(x for x in theirs if x not in mine)
        # A nested frame's unplaced party is the other side of the same transfer: "cuts Saudi contracts".
        if len(self.either) < 2:
            self.either.extend(x for x in other.either if x not in self.either)


def _add(lst: list[str], codes) -> None:
    for c in codes:
        if c not in lst:
            lst.append(c)


def roles_of(f: Frame) -> Roles:
    """Supplier / recipient / either-side parties one frame names, by its cue's role."""
    r = Roles()
    preps = f.preps
    by = [c for p, c in preps if p == "by"]
    to = [c for p, c in preps if p in ("to", "into", "toward", "towards")]
    frm = [c for p, c in preps if p == "from"]
    on = [c for p, c in preps if p in ("on", "against")]
    with_ = [c for p, c in preps if p in ("with", "between")]
    for_ = [c for p, c in preps if p == "for"]
    makers = [c for p, c in preps if p == "made-by"]
    agents = f.agents + [b for b in by if b not in f.agents]
    role = f.cue.role
    if f.light_verb in ("take", "receive", "get", "accept") and f.kind == "DELIVERY":
        # "India took delivery of ...": the light verb's subject is the one receiving.
        role = "R"
    if f.kind in ("EMBARGO", "BLOCK", "LIFT", "IMPOSE"):
        _add(r.suppliers, agents)
        _add(r.recipients, to + on + f.objects + for_)
    elif f.kind in ("REJECTION", "SAY-NEG"):
        _add(r.suppliers, agents)
        _add(r.recipients, to + with_ + frm + (f.objects if f.kind == "REJECTION" else []))
    elif role == "S":
        _add(r.suppliers, agents + frm)
        # A passive subject that is a party, not the equipment, receives: "Iraq was sold jets".
        _add(r.recipients, to + f.objects + f.patients + for_ + on)
    elif role == "R" and f.is_noun and f.kind == "REQUEST":
        # "a request from Turkey to Sweden": the noun's "from" is the one asking.
        _add(r.recipients, agents + frm + for_)
        _add(r.suppliers, to + f.objects + with_)
    elif role == "R":
        _add(r.recipients, agents + for_)
        _add(r.suppliers, frm + to + f.objects + with_)
        if not r.suppliers:
            # SIPRI's rule: the supplier is the country of the firm that built it.
            _add(r.suppliers, makers)
    else:
        customers = [c for p, c in preps if p == "for-customer"]
        _add(r.either, agents + with_ + to + frm + f.objects + customers)
    return r


def _resolve_direction(roles: Roles, items: list[Item], ctx_pairs: set[tuple[str, str]]) -> tuple[list[str], list[str]]:
    sup, rec = list(roles.suppliers), list(roles.recipients)
    pool = [p for p in roles.either if p not in sup and p not in rec]
    if not pool:
        return sup, rec
    if sup and not rec:
        return sup, [p for p in pool if p not in sup]
    if rec and not sup:
        return [p for p in pool if p not in rec], rec
    origins = [it.origin for it in items if it.origin]
    for o in origins:
        if o in pool and len(pool) >= 2:
            return [o], [p for p in pool if p != o]
    if len(pool) >= 2:
        for a in pool:
            for b in pool:
                if (a, b) in ctx_pairs:
                    return [a], [p for p in pool if p != a]
        rank = _exporter_rank()
        ordered = sorted(pool, key=lambda c: rank.get(c, 999))
        if rank.get(ordered[0], 999) < rank.get(ordered[1], 999):
            return [ordered[0]], ordered[1:]
        return [], []
    if origins and origins[0] not in pool:
        return [origins[0]], pool
    return [], pool


def _under_directive(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        if t.dep_ not in ("xcomp", "ccomp") or t.head.i == t.i:
            break
        t = t.head
        if t.lemma_.lower() in _DIRECTIVES:
            return True
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in t.children) or any(
        c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.head.children if tok.dep_ == "xcomp")


_DEMANDS = frozenset({"urge", "call", "demand", "press", "pressure", "push", "tell", "ask", "warn"})


def _demanded_of_another(tok: Token) -> bool:
    """Whether ``tok`` is what someone urges another party to do ("urged X to cancel")."""
    if tok.dep_ != "xcomp" or tok.head.i == tok.i:
        return False
    head = tok.head
    return head.lemma_.lower() in _DEMANDS and any(c.dep_ in ("dobj", "iobj") for c in head.children)


def _under_intent(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        if t.dep_ not in ("xcomp", "acl", "pobj", "pcomp", "prep") or t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() in _INTENT_VERBS:
            return True
    return False


# Verbs of giving rather than selling: "agreed to provide / send / give" promises aid.
_GIVING = frozenset({"provide", "give", "send", "donate", "gift", "hand", "airlift", "airdrop"})
_OFFER_INTENT = frozenset({"try", "move", "plan", "intend", "keen", "ready", "willing", "eager", "decide", "prepare", "hope", "want",
                           "offer", "propose", "seek", "look", "aim", "consider"})
_RECEIVING_BUYS = frozenset({"acquire", "obtain", "import"})


def _governor(tok: Token) -> Token | None:
    # The word an infinitive depends on: "plans to sell" -> plans; "is keen to sell" -> keen.
    if tok.dep_ in ("xcomp", "acl", "advcl", "ccomp") and tok.head.i != tok.i:
        return tok.head
    return None


@lru_cache(maxsize=1)
def _abandon_verbs() -> frozenset[str]:
    return frozenset(lexicon()["context"]["abandon_verbs"])


def _abandoned_plan(tok: Token) -> bool:
    """An infinitive under "plan(s)" / "pressure" / "call(s)" that a verb drops or resists."""
    if tok.dep_ not in ("acl", "relcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    noun = tok.head
    if noun.lemma_.lower() not in ("plan", "pressure", "call", "proposal", "idea", "demand", "request", "bid"):
        return False
    return noun.dep_ in ("dobj", "pobj") and (noun.head.lemma_.lower() in _abandon_verbs() or (
        noun.head.dep_ == "prep" and noun.head.head.lemma_.lower() in _abandon_verbs()))


def _stop_as_condition(f: Frame) -> bool:
    """ "once the U.S. stops arming rebels", "if it does not stop selling arms": the trade goes on."""
    if f.is_noun or f.tok.lemma_.lower() not in ("stop", "halt", "cease", "end"):
        return False
    conditional = f.negated or any(c.dep_ in ("mark", "advmod") and c.lower_ in ("if", "once", "unless", "until", "when")
                                   for c in f.tok.children)
    ongoing = any(k.kind in ("DELIVERY", "SELL") and k.tok.tag_ == "VBG" for k in f.children)
    return conditional and ongoing


_APPROVAL_NOUNS = frozenset({"approval", "permission", "consent", "go-ahead", "nod", "blessing", "clearance",
                             "authorisation", "authorization", "licence", "license"})


def _gives_approval(tok: Token) -> bool:
    """ "gives the go-ahead / green light / its approval": the object is a permission."""
    for c in tok.children:
        if c.dep_ != "dobj":
            continue
        words = {c.lemma_.lower()} | {m.lower_ for m in c.children if m.dep_ in ("compound", "amod")}
        if words & _APPROVAL_NOUNS or {"go", "ahead"} <= words or {"green", "light"} <= words:
            return True
    return False


def _asks_for_something_else(f: Frame, sent: Sentence) -> bool:
    """A request whose direct object is a thing that is neither equipment, a party nor a transfer."""
    for c in f.tok.children:
        if c.dep_ != "dobj" or c.pos_ not in ("NOUN", "PROPN"):
            continue
        if c.i in sent.party_at or sent.item_at(c.i) is not None or any(k.tok.i == c.i for k in f.children):
            return False
        return True
    return False


def _continuing(tok: Token) -> bool:
    """Whether the verb continues an ongoing trade: "keep selling", "continue to supply"."""
    head = _governor(tok)
    return head is not None and head.lemma_.lower() in ("keep", "continue", "resume")


def _under_offer(tok: Token) -> bool:
    """Whether a sale is what its supplier intends rather than has done: "plans to sell"."""
    head = _governor(tok)
    return head is not None and head.lemma_.lower() in _OFFER_INTENT and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _headline_present(tok: Token) -> bool:
    """A headline's simple present ("China buys jets from Russia"): the main verb, 3rd person, no auxiliary."""
    return tok.tag_ == "VBZ" and tok.dep_ == "ROOT" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def _under_agreement(tok: Token) -> bool:
    head = _governor(tok)
    return head is not None and head.lemma_.lower() in ("agree", "sign", "contract", "win", "award")


def _is_past(tok: Token) -> bool:
    if tok.tag_ == "VBD":
        return True
    return tok.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lemma_ in ("have", "be") for c in tok.children)


def _specific(items: list[Item], sent: Sentence) -> bool:
    return any(it.weapon is not None or quantity_for(sent, it) is not None for it in items)


def resolve_type(f: Frame, sent: Sentence, modality: str) -> tuple[str | None, list[Frame]]:
    """The event type a top-level frame asserts, and nested frames that are events of their own."""
    kids = list(walk(f))[1:]
    kinds = {k.kind for k in kids}
    extra = [k for k in kids if k.kind in ("REQUEST", "OFFER") and f.kind in ("REJECTION", "SAY-NEG")]
    k = f.kind
    if k in ("DELIVERY", "SELL") and not f.is_noun and _abandoned_plan(f.tok):
        # "Britain abandons plans to arm Syrian rebels": the supplier will not supply.
        return "REJECTION", []
    if k == "LIFT":
        if f.tok.lemma_.lower() == "resume" and any(x.kind in ("SELL", "DELIVERY") and x.is_noun for x in kids):
            # "resumes arms sales to Bahrain": a halt on the trade ends.
            return "EMBARGO_LIFTED", []
        return ("EMBARGO_LIFTED" if kinds & {"EMBARGO", "BLOCK"} else None), []
    if k == "IMPOSE":
        return ("EMBARGO_IMPOSED" if "EMBARGO" in kinds else None), []
    if k == "EMBARGO":
        if not has_military_context(sent, f.tok) and not f.items:
            return None, []
        # Headlines often mis-tag the verb ("Putin lifts ban on ..."): a lifting word
        # just before the ban still lifts it.
        before = f.tok.doc[max(0, f.tok.i - 3): f.tok.i]
        lifted = any(t.lemma_.lower() in _LIFT_WORDS or t.lower_ in _LIFT_WORDS for t in before)
        return ("EMBARGO_LIFTED" if f.negated or lifted else "EMBARGO_IMPOSED"), []
    if k in ("BLOCK", "REJECTION", "DENY") and _third_party_transfer(f):
        # "blocked / rejected Denmark's request to send Piranhas to Ukraine": a veto on
        # re-export is an embargo on the final recipient (EVENTS.md section 1).
        return "EMBARGO_IMPOSED", []
    if k == "BLOCK":
        if _under_directive(f.tok) or _stop_as_condition(f):
            return ("DELIVERY" if kinds & _TRANSFER_KINDS or f.items else None), []
        if kinds & {"DEAL", "AGREEMENT"} or _halts_agreed_delivery(kids, sent):
            # "suspended deliveries of its Mirage jets to Egypt": a deal already agreed stops.
            return "CANCELLATION", []
        if kinds & {"DELIVERY", "SELL", "BUY"} or (f.items and has_military_context(sent, f.tok)):
            return "EMBARGO_IMPOSED", []
        return None, []
    if k == "CANCELLATION" and not f.is_noun and _halts_trade(kids, sent):
        # "Spain froze arms exports to Israel": no deal is cancelled, the trade is banned.
        return "EMBARGO_IMPOSED", []
    if k == "REQUEST" and not f.is_noun and any(
            x.kind == "SELL" and not x.is_noun and x.tok.dep_ == "xcomp" for x in kids):
        # "Northrop, seeking to sell F-5s to Saudi Arabia": what a seller seeks is a sale, an offer.
        return "OFFER", []
    if k == "REQUEST" and not f.is_noun and _asks_for_something_else(f, sent):
        # "requests removal of a slogan from missiles", "seeks an explanation": not equipment.
        return None, []
    if k == "FIELD":
        # "used U.S.-supplied cluster bombs": only a modifier naming the source makes it a transfer.
        return ("DELIVERY" if any(it.made_in and it.made_in not in f.agents for it in f.items) else None), []
    if k == "PLEDGE":
        return ("DELIVERY" if f.items or kinds & _TRANSFER_KINDS else None), []
    if k == "ALLOW":
        # "will allow other countries to re-export Leopards to Kyiv": a permission to
        # third parties lifts a restriction; allowing oneself is no event.
        transfer = any(x.kind in ("DELIVERY", "SELL") for x in kids)
        third = any(c.dep_ == "dobj" and (c.lemma_.lower() in _THIRD_PARTIES or
                                          (c.i in sent.party_at and sent.party_at[c.i].code not in f.agents))
                    for c in f.tok.children)
        if (transfer or f.items) and third:
            return "EMBARGO_LIFTED", []
        own = next((x for x in kids if x.kind in ("DELIVERY", "SELL") and x.is_noun), None)
        if own is not None:
            # "Reagan authorized the sale of arms to Iran": the government's own sale.
            return resolve_type(own, sent, modality)[0], []
        return None, []
    if k == "DENY":
        if kinds & {"REQUEST", "OFFER"}:
            return "REJECTION", []
        transfer = next((x for x in kids if x.kind in _TRANSFER_KINDS | {"OFFER", "NEGOTIATION"}), None)
        if transfer is None:
            return None, []
        inner, _ = resolve_type(transfer, sent, "asserted")
        return inner, []
    if k == "APPROVE":
        return ("OFFER" if kinds & (_TRANSFER_KINDS | {"OFFER"}) or f.items else None), []
    if k == "SAY-NEG":
        negated = any(x.negated for x in kids)
        return ("REJECTION" if negated and (kinds & (_TRANSFER_KINDS | {"COOPERATION"})) else None), extra
    if k == "COOPERATION":
        return ("REJECTION" if f.negated and has_military_context(sent, f.tok) else None), []
    if k == "DELIVERY" and not f.is_noun and _gives_approval(f.tok) and any(
            x.kind in ("SELL", "DELIVERY") and x.is_noun and not [c for p, c in x.preps if p == "from"] for x in kids):
        # "Berlin gives the go-ahead for the sale of IRIS-T to Egypt": the supplier approves its sale.
        return "OFFER", []
    if k == "DELIVERY" and not f.is_noun and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _abstract_objects() for c in f.tok.children):
        # "gave its approval", "sent intelligence": not equipment changing hands.
        return None, []
    if k in ("DELIVERY", "SELL") and not f.is_noun and f.tok.lemma_.lower() in _light_verbs() | {"send", "give", "hand"}:
        for child in kids:
            if child.kind in ("REQUEST", "OFFER") and child.is_noun:
                return child.kind, []
    if k == "DEAL":
        if f.negated:
            return ("REJECTION" if modality != "asserted" or _future_context(f.tok) else "AGREEMENT"), []
        # "US plans a $1 billion arms deal with Iraq": a deal in prospect is still being negotiated.
        return ("NEGOTIATION" if modality in ("planned", "possible") else "AGREEMENT"), []
    if k == "SELL":
        if f.is_noun and _announced(f.tok) and not [c for p, c in f.preps if p == "from"]:
            # "US announces $1.8B arms sales for Taiwan": a notified sale is the supplier's offer.
            return "OFFER", []
        if f.is_noun:
            # "the $2bn sale of 24 Su-35" is a contract; "arms sales to X" a running trade.
            return ("AGREEMENT" if _specific(f.items, sent) or sent_has_money(sent) else "DELIVERY"), []
        if f.negated and (modality != "asserted" or _future_context(f.tok)):
            # "will not sell drones to Syria": the supplier refuses.
            return "REJECTION", []
        if _under_offer(f.tok):
            # "plans to sell", "is keen to sell", "decided to sell": the supplier's offer.
            return "OFFER", []
        if _is_past(f.tok) or _continuing(f.tok):
            # "sold arms to", "will keep selling weapons to Syria": the trade itself.
            return "DELIVERY", []
        if modality == "possible":
            # "Russia may sell more air defence systems to Iran": a sale in prospect.
            return "NEGOTIATION", []
        if modality == "asserted" and f.tok.tag_ in ("VBZ", "VBP", "VBG"):
            # "Poland sells drones to Ukraine", "is selling $38 million worth of missiles": a sale
            # being made; "keeps selling arms to X" with nothing specific is the running trade.
            return ("AGREEMENT" if _specific(f.items, sent) or sent_has_money(sent) or _headline_present(f.tok)
                    else "DELIVERY"), []
        # "Russia to sell Su-35s to Indonesia", "will sell": a sale announced, nothing signed.
        return ("NEGOTIATION" if modality == "planned" and not _under_agreement(f.tok) else "AGREEMENT"), []
    if k == "BUY":
        if _under_intent(f.tok):
            return "REQUEST", []
        if f.tok.lemma_.lower() in _RECEIVING_BUYS and _is_past(f.tok):
            # "has acquired two submarines", "obtained 18 fighters from Belarus": in hand.
            return "DELIVERY", []
        if modality in ("planned", "possible"):
            # "India to buy drones from Israel", "possibly purchasing Su-35s": nothing signed yet.
            return "NEGOTIATION", []
        if not _specific(f.items, sent) and not (_headline_present(f.tok) and f.items):
            return "DELIVERY", []
        return ("NEGOTIATION" if modality == "planned" else "AGREEMENT"), []
    if k in ("DELIVERY", "AGREEMENT", "OFFER", "SELL") and f.negated and (modality != "asserted" or _future_context(f.tok)):
        return "REJECTION", []
    if k == "AGREEMENT" and f.tok.lemma_.lower() == "agree" and not f.is_noun and any(
            x.kind == "DELIVERY" and not x.is_noun and x.tok.dep_ == "xcomp" and x.tok.lemma_.lower() in _GIVING
            for x in kids):
        # "agreed to provide rebels with missiles": aid it commits to hand over, still to come
        # ("agreed to supply MiG-29s" stays a contract).
        return "DELIVERY", []
    if k in ("AGREEMENT", "BUY") and modality == "planned" and f.tok.lemma_.lower() not in ("order",):
        # "is expected to sign", "would buy six more": a deal not yet signed.
        return "NEGOTIATION", []
    if k in ("REQUEST", "OFFER", "NEGOTIATION", "AGREEMENT", "DELIVERY", "REJECTION", "CANCELLATION"):
        return k, extra
    return None, []


_HANDOVER_NOUNS = frozenset({"delivery", "handover", "transfer", "shipment", "supply"})
_TRADE_NOUNS = frozenset({"export", "sale", "supply", "shipment", "transfer", "delivery"})


def _concrete(items: list[Item], sent: Sentence) -> bool:
    # Named, counted, or of a definite kind ("fighter jets"), not "arms" in general.
    return _specific(items, sent) or any(it.category not in (None, "other") for it in items)


def _halts_agreed_delivery(kids: list[Frame], sent: Sentence) -> bool:
    """A stopped handover of concrete equipment ("deliveries of its Mirage jets to Egypt"): part of a deal."""
    return any(k.is_noun and k.tok.lemma_.lower() in _HANDOVER_NOUNS and _concrete(k.items, sent) for k in kids)


def _halts_trade(kids: list[Frame], sent: Sentence) -> bool:
    """A stopped trade in arms in general ("froze arms exports to Israel"), not one deal."""
    return any(k.is_noun and k.tok.lemma_.lower() in _TRADE_NOUNS and not _specific(k.items, sent) for k in kids)


_CIRCUMSTANCE_PREPS = frozenset({"during", "amid", "amidst", "after", "before", "following", "despite", "ahead"})


def _circumstance(tok: Token) -> bool:
    """Whether a noun stands in an adverbial of time or cause ("during talks", "amid negotiations")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _CIRCUMSTANCE_PREPS and tok.head.head.i != tok.head.i \
        and tok.head.head.pos_ in ("VERB", "AUX")


def _is_requester(top: Frame, code: str) -> bool:
    return any(code in roles_of(k).recipients for k in walk(top) if k.kind == "REQUEST")


def sent_has_money(sent: Sentence) -> bool:
    return bool(find_money(sent.text))


def _third_party_transfer(f: Frame) -> bool:
    kids = list(walk(f))[1:]
    requests = [k for k in kids if k.kind == "REQUEST"]
    transfers = [k for k in kids if k.kind in ("DELIVERY", "SELL") and not k.is_noun]
    if not requests or not transfers:
        return False
    final = {c for t in transfers for p, c in t.preps if p in ("to", "into")} | {c for t in transfers for c in t.objects}
    asking = set(roles_of(requests[0]).recipients)
    return bool(final) and bool(asking) and not (final & asking)


def _future_context(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in ("will", "wo", "would", "'ll", "shall") for c in t.children):
            return True
        if any(c.lower_ in ("future", "anymore", "henceforth") for c in t.subtree):
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


def quantity_for(sent: Sentence, item: Item) -> Quantity | None:
    """The unit count written for an item: "four Mi-35M", "50,000 AK rifles", "more than 20 jets"."""
    doc = sent.doc
    candidates: list[Token] = [c for i in sorted(item.tokens) for c in doc[i].children if c.dep_ == "nummod"]
    head = doc[item.head]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.like_num:
        # "24 of the jets"
        candidates.append(head.head.head)
    first = min(item.tokens)
    j = first - 1
    while j >= 0 and first - j <= 4:
        t = doc[j]
        if t.like_num or t.pos_ == "NUM":
            candidates.append(t)
            break
        if t.pos_ in ("ADJ", "PROPN", "NOUN", "PUNCT", "ADV") or sent.item_at(j) is not None:
            if t.lower_ in ("of",):
                break
            j -= 1
            continue
        break
    for num in candidates:
        if item.weapon is not None and num.i in item.tokens and num.idx < sent.doc[max(item.tokens)].idx + 1 \
                and item.weapon.start <= num.idx < item.weapon.end:
            continue  # the "8" of "Barak 8"
        if num.head.lower_ in _unit_nouns() or doc[item.head].lower_ in _unit_nouns():
            continue
        if num.ent_type_ in ("MONEY", "DATE", "PERCENT", "TIME", "CARDINAL_YEAR"):
            continue
        start = num.i
        # "twenty four", "1.5 million": extend left only while it still reads as one number.
        while start > 0 and (doc[start - 1].like_num or doc[start - 1].pos_ == "NUM") and doc[start - 1].lower_ not in ("$",) \
                and parse_number(doc[start - 1: num.i + 1].text) is not None:
            start -= 1
        end = num.i + 1
        while end < len(doc) and doc[end].lower_ in ("million", "thousand", "hundred"):
            end += 1
        if start > 0 and doc[start - 1].text in ("$", "€", "£", "#"):
            continue
        if end < len(doc) and doc[end].lower_ in _unit_nouns():
            continue
        text = doc[start:end].text
        if len(text) == 4 and text.isdigit() and 1950 <= int(text) <= 2049:
            continue
        prefix = doc[max(0, start - 3): start].text
        q = parse_quantity(text, prefix)
        if q is not None:
            return q
    return None


def _attribution(sent: Sentence) -> str | None:
    doc = sent.doc
    lex = lexicon()["attribution"]
    best: tuple[int, str] | None = None

    def phrase(t: Token) -> str:
        toks = [x for x in t.subtree if x.dep_ in ("compound", "punct", "flat") or x.i == t.i]
        toks = [x for x in toks if abs(x.i - t.i) <= 4]
        span = doc[min(x.i for x in toks): max(x.i for x in toks) + 1]
        return span.text.strip(" ,-")

    for i, t in enumerate(doc):
        if t.lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            for c in doc[i + 1].children:
                if c.dep_ == "pobj":
                    cand = (1, phrase(c))
                    best = min(best, cand) if best else cand
        lemma = t.lemma_.lower()
        if lemma not in lex["reporting_verbs"] or t.pos_ != "VERB":
            continue
        for c in t.children:
            if c.i in sent.party_at:
                continue
            if lemma == "tell" and c.dep_ == "dobj" and c.pos_ == "PROPN":
                cand = (0, phrase(c))
            elif c.dep_ == "nsubj" and c.lower_ in lex["source_nouns"]:
                cand = (2, c.text.lower())
            elif lemma == "report" and c.dep_ == "nsubj" and c.pos_ == "PROPN":
                cand = (1, phrase(c))
            elif c.dep_ == "nsubj" and c.pos_ == "PROPN" and lemma != "tell":
                cand = (3, phrase(c))
            else:
                continue
            best = min(best, cand) if best else cand
    return best[1] if best else None


def _year_for(years: list[YearMention], frame: Frame, others: list[tuple[int, int]]) -> YearMention | None:
    """The year of the frame's own clause, else the nearest year no other event's clause claims."""
    if not years:
        return None
    lo, hi = frame.tok.left_edge.idx, frame.tok.right_edge.idx + len(frame.tok.right_edge.text)
    inside = [y for y in years if lo <= y.start < hi and not any(a <= y.start < b and (a, b) != (lo, hi) and a > lo for a, b in others)]
    if inside:
        return nearest_year(inside, frame.tok.idx)
    free = [y for y in years if not any(a <= y.start < b for a, b in others if (a, b) != (lo, hi))]
    return nearest_year(free, frame.tok.idx)


def events_from_sentence(sent: Sentence, ctx: DocContext, ctx_pairs: set[tuple[str, str]]) -> list[Event]:
    """Every event one parsed sentence states."""
    out: list[Event] = []
    years = find_years(sent.text, ctx.published, ctx.last_year)
    money = find_money(sent.text)
    attribution = None
    attribution_done = False
    owners: dict[int, tuple[list[str], list[str]]] = {}
    latest = next((e for e in reversed(ctx.history) if e.supplier and e.recipient), None)
    sent.recent_dyad = [latest.supplier, latest.recipient] if latest else []
    tops = sorted(find_frames(sent), key=lambda f: f.tok.i)
    spans = [(f.tok.left_edge.idx, f.tok.right_edge.idx + len(f.tok.right_edge.text)) for f in tops]
    for top in tops:
        modality = modality_of(top.tok)
        etype, extra = resolve_type(top, sent, modality)
        if etype is None:
            continue
        frames = [f for f in walk(top) if f not in extra]
        if (top.kind == "BLOCK" and etype == "DELIVERY") or (top.kind == "REQUEST" and etype == "OFFER" and not top.is_noun):
            # "seeking to sell F-5s to Saudi Arabia": the sale sought carries the roles.
            # "must stop selling arms to X": the transfer being stopped carries the roles.
            frames = frames[1:] + frames[:1]
        if etype in ("EMBARGO_IMPOSED", "EMBARGO_LIFTED"):
            # The embargoed party is where the arms would go, not who asked to send them.
            frames = frames[:1] + [f for f in frames[1:] if f.kind in ("DELIVERY", "SELL")] + \
                [f for f in frames[1:] if f.kind not in ("DELIVERY", "SELL", "REQUEST")]
        roles = roles_of(frames[0])
        if top.kind in ("DELIVERY", "SELL") and etype in ("REQUEST", "OFFER") and not top.is_noun:
            # "Greece has sent a letter of request to the United States": the sender asks.
            to = [c for p, c in top.preps if p in ("to", "with")] + top.objects
            roles = Roles(suppliers=to, recipients=list(top.agents)) if etype == "REQUEST" else \
                Roles(suppliers=list(top.agents), recipients=to)
        if etype in ("EMBARGO_IMPOSED", "EMBARGO_LIFTED") and top.kind in ("BLOCK", "REJECTION", "DENY"):
            roles.recipients = [r for r in roles.recipients if not _is_requester(top, r)]
        for child in frames[1:]:
            roles.absorb(roles_of(child))
        items = [it for f in walk(top) for it in f.items]
        items = _distinct_items(items)
        if not items and top.kind in ("NEGOTIATION", "AGREEMENT", "DEAL", "REQUEST", "OFFER", "DELIVERY", "CANCELLATION"):
            # "is seeking 40 Typhoons and has held talks with Britain", "ordered six
            # submarines, and four of them have been delivered": coordinated clauses
            # share their object.
            items = _sibling_items(top, tops)
            if items and not (roles.suppliers or roles.recipients or roles.either):
                for it in items:
                    if it.head in owners:
                        roles.absorb(Roles(suppliers=owners[it.head][0], recipients=owners[it.head][1]))
                        break
        antecedent = _antecedent_item(sent, top)
        if antecedent is not None and antecedent.head in owners:
            # "a deal for four Mi-35M, which has already been delivered": the relative
            # clause is about the same equipment between the same parties.
            owner_sup, owner_rec = owners[antecedent.head]
            roles.absorb(Roles(suppliers=owner_sup, recipients=owner_rec))
            items = items or [antecedent]
        if etype in ("REQUEST",) or etype == "REJECTION":
            _fallback_counterpart(sent, roles, top)
        if top.kind not in ("BLOCK",) and _demanded_of_another(top.tok):
            # "China urged Washington to cancel the deal": a demand, not an event.
            continue
        if top.kind == "INCLUDE":
            listed = _listed_in_earlier_package(ctx, top, items)
            out.extend(_copy_for_items(sent, ctx, listed, top, items, years, money))
            continue
        if not roles.suppliers and not roles.recipients and not roles.either:
            inherited = _from_earlier_mention(ctx, top, items)
            if inherited is None:
                continue
            roles.suppliers, roles.recipients, items = [inherited[0]], [inherited[1]], inherited[2] or items
            refers_back = True
        else:
            refers_back = False
        if etype == "NEGOTIATION" and top.is_noun and _circumstance(top.tok):
            # "approved the sale during talks last year": the talks are when, not an event.
            continue
        if not refers_back and not _arms_related(sent, top, items, etype, ctx):
            continue
        if _civilian(top, items) or (etype == "DELIVERY" and _deployment(sent, top)):
            continue
        ref = None
        sup, rec = _resolve_direction(roles, items, ctx_pairs)
        if not sup:
            sup = _origin_supplier(items, rec)
        if bool(sup) != bool(rec) or (not sup and not rec and roles.either):
            # "Britain promised 14 Challenger 2 tanks", "would not send the tanks", "Moscow
            # froze the contract": the other side is the one of the latest event about the
            # same equipment, or failing that about the party named.
            stateful = not top.is_noun and top.kind in ("CANCELLATION", "LIFT", "IMPOSE", "EMBARGO", "BLOCK", "NEGOTIATION", "AGREEMENT")
            sup, rec = _complete_from_history(ctx, sup, rec, items, roles.either, stateful)
            if stateful and not items and etype == "CANCELLATION":
                # "Moscow froze the contract": the contract of the latest deal between them.
                ref = next((e for e in reversed(ctx.history) if (e.supplier, e.recipient) == (sup[:1] + rec[:1] + [None, None])[:2]
                            and e.weapon), None)
        if not attribution_done:
            attribution, attribution_done = _attribution(sent), True
        mod = _final_modality(top, etype, modality)
        _remember_open_side(ctx, etype, sup, rec, items)
        made = _build(sent, ctx, top, etype, sup, rec, items, mod, years, money, attribution, spans)
        if ref is not None:
            for e in made:
                e.weapon, e.weapon_family, e.category = ref.weapon, ref.weapon_family, ref.category
        out.extend(made)
        if made:
            for it in items:
                owners.setdefault(it.head, (sup, rec))
        for child in extra:
            r2 = roles_of(child)
            r2.absorb(Roles(suppliers=sup, recipients=rec))
            ci = _distinct_items(child.items) or items
            s2, c2 = _resolve_direction(r2, ci, ctx_pairs)
            out.extend(_build(sent, ctx, child, child.kind, s2 or sup, c2 or rec, ci, "asserted", years, money, attribution, spans))
    ctx.history.extend(out)
    explicit = [y for y in find_years(sent.text) if y.year]
    if explicit:
        ctx.last_year = explicit[-1].year_end or explicit[-1].year
    return out


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_ASPECTUAL = frozenset({"begin", "start", "continue", "resume", "complete", "finish", "end", "be", "take", "arrive"})
_CONTRACT_NOUNS = frozenset({"deal", "contract", "agreement", "order", "purchase", "sale", "acquisition"})


def _from_earlier_mention(ctx: DocContext, top: Frame, items: list[Item]) -> tuple[str, str, list[Item]] | None:
    """Parties for a sentence that names none: "The deal was signed in 2018" refers back.

    A named system takes the parties of the latest earlier event about the same
    family; a definite "the deal" / "the contract" those of the latest deal stage.
    """
    families = {it.weapon.family for it in items if it.weapon}
    for e in reversed(ctx.history):
        if families and e.weapon_family in families and e.supplier and e.recipient:
            return e.supplier, e.recipient, items
    if families or items:
        return None
    if top.is_noun and top.kind == "DELIVERY" and top.tok.dep_ in ("nsubj", "nsubjpass") and \
            top.tok.head.lemma_.lower() in _ASPECTUAL:
        # "Deliveries will begin in late 2022": of the deal just reported.
        for e in reversed(ctx.history):
            if e.type.value in ("AGREEMENT", "DELIVERY") and e.supplier and e.recipient:
                return e.supplier, e.recipient, []
        return None
    if top.is_noun:
        # A bare "the purchases" is an anaphor, not a new statement.
        return None
    if not (find_years(top.tok.doc.text) or find_money(top.tok.doc.text)):
        # Only worth a reference when the sentence adds a date or a price to the deal.
        return None
    for f in walk(top):
        if f.is_noun and f.tok.lemma_.lower() in _CONTRACT_NOUNS and any(c.lower_ in _DEFINITE for c in f.tok.children):
            for e in reversed(ctx.history):
                if e.type.value in ("AGREEMENT", "NEGOTIATION", "OFFER", "REQUEST") and e.supplier and e.recipient:
                    return e.supplier, e.recipient, []
    return None


def _complete_from_history(ctx: DocContext, sup: list[str], rec: list[str], items: list[Item],
                           either: list[str] | None = None, stateful: bool = False) -> tuple[list[str], list[str]]:
    families = {it.weapon.family for it in items if it.weapon}
    categories = {it.category for it in items if it.category}
    known = set(sup + rec + (either or []))
    if not families and not categories:
        if not stateful:
            return sup, rec
        sides_known = bool(set(sup + rec) - set(either or []))
        for e in reversed(ctx.history):
            if e.supplier and e.recipient and known & {e.supplier, e.recipient}:
                # A party from "with X" / a shared subject has no side yet: take the event's.
                if not sides_known or ((not sup or e.supplier in sup) and (not rec or e.recipient in rec)):
                    return [e.supplier], [e.recipient]
        return sup, rec
    for e in reversed(ctx.history):
        if not (e.supplier and e.recipient):
            continue
        if (families and e.weapon_family in families) or (e.category and e.category in categories):
            if sup and not rec and e.recipient not in sup:
                return sup, [e.recipient]
            if rec and not sup and e.supplier not in rec:
                return [e.supplier], rec
    for o in reversed(ctx.open_sides):
        if (families & o.families) or (categories & o.categories):
            if sup and not rec and o.recipient and o.recipient not in sup:
                return sup, [o.recipient]
            if rec and not sup and o.supplier and o.supplier not in rec:
                return [o.supplier], rec
    return sup, rec


def _remember_open_side(ctx: DocContext, etype: str, sup: list[str], rec: list[str], items: list[Item]) -> None:
    """Keep a one-sided request, purchase or offer for the equipment it names (see DocContext.open_sides)."""
    if bool(sup) == bool(rec) or etype not in ("REQUEST", "AGREEMENT", "NEGOTIATION", "OFFER"):
        return
    families = frozenset(it.weapon.family for it in items if it.weapon)
    categories = frozenset(it.category for it in items if it.category)
    if families or categories:
        ctx.open_sides.append(OpenSide(sup[0] if sup else None, rec[0] if rec else None, families, categories))


_PACKAGE_NOUNS = frozenset({"package", "packages", "deal", "deals", "sale", "sales", "contract", "contracts", "order",
                            "agreement", "purchase", "request", "offer", "consignment", "aid"})


def _listed_in_earlier_package(ctx: DocContext, top: Frame, items: list[Item]) -> Event | None:
    """The earlier event whose contents "The package includes ..." lists."""
    subj = next((c for c in top.tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ not in _PACKAGE_NOUNS or not any(it.weapon or it.category not in (None, "other") for it in items):
        return None
    for e in reversed(ctx.history):
        if e.supplier and e.recipient and e.type.value in ("OFFER", "AGREEMENT", "NEGOTIATION", "REQUEST", "DELIVERY"):
            return e
    return None


def _copy_for_items(sent, ctx, base: Event | None, top: Frame, items: list[Item], years, money) -> list[Event]:
    if base is None:
        return []
    made = _build(sent, ctx, top, base.type.value, [base.supplier], [base.recipient], items, base.modality.value,
                  years, money, base.attribution)
    for e in made:
        e.year = e.year or base.year
    return made


def _clause_verb(tok: Token) -> Token:
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _sibling_items(top: Frame, tops: list[Frame]) -> list[Item]:
    mine = _clause_verb(top.tok)
    for other in tops:
        if other is top:
            continue
        theirs = _clause_verb(other.tok)
        if (mine.dep_ == "conj" and mine.head.i == theirs.i) or (theirs.dep_ == "conj" and theirs.head.i == mine.i):
            found = _distinct_items([it for f in walk(other) for it in f.items])
            if found:
                return found
    return []


def _antecedent_item(sent: Sentence, top: Frame) -> Item | None:
    if top.tok.dep_ not in ("relcl", "acl"):
        return None
    return sent.item_at(top.tok.head.i)


def _final_modality(top: Frame, etype: str, modality: str) -> str:
    if top.kind == "AGREEMENT" and etype == "DELIVERY":
        return "denied" if top.negated else "planned"
    if top.kind == "PLEDGE":
        return "denied" if top.negated else "planned"
    if top.kind == "DENY" and etype != "REJECTION":
        return "denied"
    if top.kind == "BUY" and etype == "REQUEST":
        # "plans to buy" asserts the request itself.
        return "asserted"
    if etype == "REJECTION":
        # "would not send", "will not sell": the refusal itself is stated as fact.
        return "asserted"
    if top.negated and etype not in ("EMBARGO_LIFTED",):
        return "denied"
    if etype == "NEGOTIATION" and modality == "planned":
        return "asserted"
    return modality


def _fallback_counterpart(sent: Sentence, roles: Roles, top: Frame) -> None:
    # A request names its addressee loosely ("in an attempt to deepen ties with Russia"):
    # take a party the sentence attaches with to/from/with when the frame gave none.
    if roles.suppliers and roles.recipients:
        return
    known = set(roles.suppliers + roles.recipients + roles.either)
    for tok in sent.doc:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("with", "to", "from") and tok.i in sent.party_at:
            code = sent.party_at[tok.i].code
            if code in known:
                continue
            if top.kind in ("REQUEST",) or top.cue.role == "R":
                if not roles.suppliers and roles.recipients:
                    roles.suppliers.append(code)
            elif not roles.recipients and roles.suppliers:
                roles.recipients.append(code)
            return


@lru_cache(maxsize=1)
def _deployment_words() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in lexicon()["deployment"].items()}


def _deployment(sent: Sentence, top: Frame) -> bool:
    """A state sending its own forces: forces among what is sent, a place as destination, or a combat purpose."""
    words = _deployment_words()
    if top.is_noun or top.tok.lemma_.lower() not in words["verbs"]:
        return False
    items = [it for f in walk(top) for it in f.items]
    if items and all(it.weapon is None and it.category in words["naval_categories"] for it in items) \
            and not any(quantity_for(sent, it) for it in items):
        return True
    sent_things = [t for c in top.tok.children if c.dep_ in ("dobj", "nsubjpass") for t in (c, *c.conjuncts)]
    forces = [t for t in sent_things
              if t.lower_ in words["force_nouns"] or any(c.dep_ == "compound" and c.lower_ in words["force_nouns"]
                                                         for c in t.children)]
    # "an F-16 squadron", "troops": forces alone; "troops and 2,000 anti-tank weapons" still hands over weapons.
    if forces and all(t in forces or sent.item_at(t.i) is None for t in sent_things):
        return True
    for t in top.tok.subtree:
        if t.dep_ == "pobj" and t.head.lower_ in ("to", "toward", "towards", "into", "near", "along", "over") \
                and t.lower_ in words["place_nouns"]:
            return True
        if t.lemma_.lower() in words["purposes"] and (
                t.dep_ in ("advcl", "xcomp", "acl") or (t.dep_ == "pobj" and t.head.lower_ in ("for", "in"))):
            return True
    return False


@lru_cache(maxsize=1)
def _civil_markers() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon()["context"]["civil_markers"])


def _civilian(top: Frame, items: list[Item]) -> bool:
    """An airline buying airliners: no named weapon, and the frame's words say civil aviation."""
    if any(it.weapon for it in items):
        return False
    markers = _civil_markers()
    words = {t.lower_ for f in walk(top) for t in f.tok.subtree}
    if top.agent_tok is not None:
        words |= {t.lower_ for t in top.agent_tok.subtree}
    return bool(words & markers)


@lru_cache(maxsize=1)
def _military_verbs() -> frozenset[str]:
    return frozenset(lexicon()["context"]["military_verbs"])


def _arms_related(sent: Sentence, top: Frame, items: list[Item], etype: str, ctx: DocContext | None = None) -> bool:
    if items:
        return True
    if any(f.tok.pos_ == "VERB" and f.tok.lemma_.lower() in _military_verbs() for f in walk(top)):
        return True
    if ctx is not None and ctx.history:
        # "Moscow froze the contract": in an article already about arms deals,
        # "the contract" is one of them.
        for f in walk(top):
            if f.is_noun and f.tok.lemma_.lower() in _CONTRACT_NOUNS and any(c.lower_ in _DEFINITE for c in f.tok.children):
                return True
    for f in walk(top):
        if f.kind in ("EMBARGO", "DEAL", "COOPERATION", "SELL", "DELIVERY", "BUY", "AGREEMENT", "NEGOTIATION") and has_military_context(sent, f.tok):
            return True
    return False


def _distinct_items(items: list[Item]) -> list[Item]:
    seen: dict[str, Item] = {}
    for it in items:
        key = it.weapon.family if it.weapon else f"cat:{it.category}"
        seen.setdefault(key, it)
    out = list(seen.values())
    if any(it.weapon for it in out):
        # A generic word next to named systems ("weapons, including Mi-35") is the same transfer.
        out = [it for it in out if it.weapon or it.category]
    specific_cats = {it.category for it in out if it.weapon}
    out = [it for it in out if it.weapon or it.category not in specific_cats]
    if len(out) > 1:
        out = [it for it in out if it.weapon or it.category] or out[:1]
    if len(out) > 1 and not any(it.weapon for it in out):
        platforms = [it for it in out if it.category in _platform_categories()]
        if len(platforms) > 1:
            # "buys fighter jets and submarines", "100 tanks and air defence systems": kinds of
            # platform are separate transfers (SIPRI lists each), the munitions beside them are not.
            return platforms
        # "sent bombs, rockets and ammunition": one transfer of kinds, not one per kind; the kind
        # whose origin is written ("U.S.-supplied missiles") speaks for the transfer.
        out = sorted(out, key=lambda it: it.origin is None)[:1]
    return out


@lru_cache(maxsize=1)
def _platform_categories() -> frozenset[str]:
    return frozenset(lexicon()["context"]["platform_categories"])


def _origin_supplier(items: list[Item], rec: list[str]) -> list[str]:
    for it in items:
        if it.origin and it.origin not in rec:
            return [it.origin]
    return []


def _own_count(frame: Frame) -> Quantity | None:
    for t in frame.tok.subtree:
        if t.like_num and t.dep_ in ("pobj", "dobj", "nummod") and t.ent_type_ not in ("MONEY", "DATE", "CARDINAL_YEAR"):
            if t.head.lower_ in ("million", "billion") or any(c.lower_ in ("$", "€", "£") for c in t.children):
                continue
            text = t.text
            if len(text) == 4 and text.isdigit() and 1950 <= int(text) <= 2049:
                continue
            q = parse_quantity(text, t.doc[max(0, t.i - 3): t.i].text)
            if q is not None:
                return q
    return None


def _named_weapon(ctx: DocContext, sent: Sentence, item: Item | None) -> tuple[str | None, str | None]:
    """The item's designation; for "the jets" / "those helicopters", the one named earlier."""
    if item is None:
        return None, None
    if item.weapon is not None:
        return item.weapon.designation, item.weapon.family
    head = sent.doc[item.head]
    if item.category and any(c.lower_ in ("the", "these", "those") for c in head.children):
        for e in reversed(ctx.history):
            if e.weapon and e.category == item.category:
                return e.weapon, e.weapon_family
    return None, None


@lru_cache(maxsize=1)
def _historical() -> list[tuple[str, dt.date, str]]:
    return [(h["code"], dt.date.fromisoformat(h["before"]), h["was"]) for h in lexicon()["historical"]["codes"]]


def historical_code(code: str, published: dt.date | None) -> str:
    """The code a party had when the text was written: "Moscow" in 1987 is the Soviet Union (SUN)."""
    if published is None:
        return code
    for present, before, was in _historical():
        if code == present and published < before:
            return was
    return code


def _build(sent, ctx, frame, etype, sup, rec, items, modality, years, money, attribution, spans=()) -> list[Event]:
    out = []
    if not sup or not rec:
        return out
    sup = list(dict.fromkeys(historical_code(c, ctx.published) for c in sup))
    rec = list(dict.fromkeys(historical_code(c, ctx.published) for c in rec))
    ymention = _year_for(years, frame, spans)
    inferred = False
    # Undated statements in news are overwhelmingly about the present (background
    # deals carry their years), so the publication year stands in, marked inferred.
    if ymention is None and ctx.published is not None:
        ymention = YearMention(ctx.published.year, None, -1, -1)
        inferred = True
    value = None
    if money and etype in ("AGREEMENT", "OFFER", "NEGOTIATION", "REQUEST", "DELIVERY", "CANCELLATION"):
        value = min(money, key=lambda m: abs(m.start - frame.tok.idx)).value
    quote = sent.quote if sent.quote is not None else sent.text
    evidence = Evidence(quote, sent.start, sent.start + len(quote))
    for s in sup[:6]:
        for r in rec[:6]:
            if s == r:
                continue
            own = {t.i for t in frame.tok.subtree} | ({it.head for it in frame.items} if frame.light_verb else set())
            for it in items or [None]:
                q = None
                if it is not None:
                    # An item borrowed from a coordinated clause keeps its words there:
                    # "signed a contract for 32 more" counts its own number.
                    q = quantity_for(sent, it) if it.head in own or frame.tok.dep_ in ("relcl", "acl") else _own_count(frame)
                weapon, family = _named_weapon(ctx, sent, it)
                out.append(Event(
                    doc_id=ctx.doc_id,
                    type=EventType(etype),
                    supplier=s,
                    recipient=r,
                    weapon=weapon,
                    weapon_family=family,
                    category=it.category if it is not None else None,
                    quantity=q.value if q else None,
                    quantity_qualifier=q.qualifier if q else None,
                    value=value,
                    year=ymention.year if ymention else None,
                    year_end=ymention.year_end if ymention else None,
                    year_inferred=inferred,
                    modality=Modality(modality),
                    attribution=attribution,
                    evidence=evidence,
                ))
    return out
