"""Ledger: group claims that report the same fact across briefings, and judge agreement.

In: every claim of the archive (in archive order) and the editors' ledger edits. Out:
`LedgerEntry`s — groups of claims from two or more briefings — each with a verdict
(agree, differ, can't compare) reached from the figures, units and dates the claims
carry, and a note saying how; plus diagnostics for edits that match nothing.

Grouping compares claims as bags of weighted features: content words (cut to a stem),
the actors named, the units of the figures, the years of the dates. A feature's weight is
its rarity in the archive, so "hitting land" or "extradition" counts for more than "Mexico".
Only claims that share a rare feature are compared at all (an inverted index), which keeps
the work near linear in the size of the archive. Assessments are judgements, not facts,
and are never grouped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import chain, combinations
from pathlib import Path

from briefsite.diagnostics import Diagnostic, warning
from briefsite.records import Claim, Figure, LedgerEdit, LedgerEntry, PartialDate

LEDGER_FILE = "content/ledger.yaml"
GROUPED_TYPES = ("statistic", "quote", "event")
# Two claims report the same fact when the cosine of their weighted features reaches this.
THRESHOLD = 0.3
# Feature weights by kind, on top of rarity: what is done and to what (word classes, figure
# kinds) identifies a fact better than who is named, and that better than ordinary words.
KIND_WEIGHTS = {"~": 3.0, "#": 2.5, "=": 2.0, "@": 1.5, "%": 1.5}
# Besides units and dates, two claims must share this many features (words, word classes,
# actors, figures): one rare word in common is chance, not the same fact.
MIN_SHARED = 2
FACT_WORDS = Path(__file__).parent / "data" / "fact_words.txt"
# A feature held by more claims than this is too common to suggest a pair by itself.
MAX_POSTINGS = 60
# More claims than this are not one fact but a theme; the cap also bounds each merge's cost.
MAX_GROUP = 12
STEM = 6
VAGUE = re.compile(r"(?i)\b(?:dozens|scores|hundreds|thousands|millions|billions|several|many|docenas|cientos|"
                   r"centenares|miles|millones|varios|varias)\b")
WORD = re.compile(r"[a-z]{3,}")
STOPWORDS = frozenset("""
the and for that with this from have has had was were been are not but its their they them his her
she him who whom which what when where while would could should will can may might also than then
there these those into onto over under about after before during since until such other more most
some any all each one two only even just very much many own same both between through against
among within without upon per via said says say according like well still yet however because
del las los por para con una uno unos unas que sus como mas pero sin sobre entre desde hasta
este esta estos estas ese esa eso fue son ser han hay muy tambien cuando donde
""".split())
# Figures in these units are compared only with the same unit.
MEASURES = ("percent", "usd", "mxn", "eur", "times", "year", "month", "day")
# Counted nouns (as 6-letter stems) that name the same kind of thing in different words:
# "92 cartel operatives" and "90 high-value criminals" both count people.
COUNTED_KINDS = {
    "people": frozenset("""person people operat crimin figure inmate member leader fugiti suspec
        indivi traffi capo boss detain prison extrad killer sicari offici politi soldie troop agent
        victim migran citize civili life lives reo reos detenido persona crimin miembr lider operad vida vidas
        death muerte""".split()),
    "organizations": frozenset("""cartel organi group gang faction syndic cartele grupo organi banda
        pandil""".split()),
}


@dataclass(frozen=True)
class _Features:
    weights: dict[str, float]
    norm: float


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Stem -> the classes ('~transfer', '~kill'…) it belongs to, from data/fact_words.txt."""
    classes: dict[str, set[str]] = defaultdict(set)
    for line in FACT_WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, stems = line.split(":", 1)
            for stem in stems.split():
                classes[stem[:STEM]].add("~" + name.strip())
    return {stem: frozenset(names) for stem, names in classes.items()}


def build_ledger(claims: list[Claim], edits: list[LedgerEdit]) -> tuple[list[LedgerEntry], list[Diagnostic]]:
    """Group `claims` (in archive order) into ledger entries, then apply the editors' edits."""
    candidates = [c for c in claims if c.type in GROUPED_TYPES]
    features = _FeatureTable(candidates)
    groups = _group(candidates, features)
    groups, problems = _apply_group_edits(groups, claims, edits)
    by_id = {c.id: c for c in claims}
    order = {c.id: index for index, c in enumerate(claims)}
    entries = []
    for members in groups:
        members = sorted(members, key=order.__getitem__)
        if len({by_id[m].article for m in members}) < 2:
            continue
        verdict, note, differences = judge([by_id[m] for m in members])
        entries.append(LedgerEntry(
            id="g-" + min(members)[2:], claims=tuple(members),
            fact=_fact([by_id[m] for m in members], features), verdict=verdict, note=note,
            differences=tuple(differences)))
    entries, more = _apply_verdict_edits(entries, edits)
    entries.sort(key=lambda e: (e.verdict != "differ", e.verdict == "cant_compare",
                                -len({by_id[c].article for c in e.claims}), e.id))
    return entries, problems + more


# --- Features and grouping ---------------------------------------------------------------

def _tokens(claim: Claim) -> set[str]:
    text = claim.text.casefold()
    if not text.isascii():  # accents off, so "extradición" is "extradicion"
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    tokens = {word[:STEM] for word in set(WORD.findall(text)) - STOPWORDS}
    classes = word_classes()
    for stem in tokens & classes.keys():
        tokens |= classes[stem]
    tokens |= {"@" + actor for actor in claim.actors}
    # The same figure, or the same date, is strong evidence of the same fact.
    for figure in claim.figures:
        kind = _kind_label(figure)
        tokens |= {"#" + kind, f"={kind}:{figure.value:g}"}
    dates = [value for value in claim.dates if _is_placed(value)]
    tokens |= {"%" + value[:4] for value in dates} | {"%" + value for value in dates if len(value) > 4}
    # A range by its start too: 'since September 2024' runs to each source's own writing date.
    tokens |= {"%" + start for start in _starts(dates) if len(start) > 4}
    return tokens


def _is_placed(value: str) -> bool:
    """Whether a date value has a year ('XXXX-03-04' is a day whose year the text does not give)."""
    return value[:1].isdigit()


def _starts(dates: tuple[str, ...] | list[str]) -> list[str]:
    """Where each date with a year starts: a range by its first end."""
    return [value.split("/")[0] for value in dates if _is_placed(value)]


class _FeatureTable:
    """The candidate claims' weighted features (by claim id), and the inverted index.

    Features are interned as small integers and each claim's bag is a tuple of them: at 10,000
    briefings there are 300,000 bags, which as sets of strings took most of a gigabyte. A
    claim's weights and norm are made the first time they are asked for: grouping compares
    only claims that share rare features, a few thousand of the 300,000.
    """

    def __init__(self, claims: list[Claim]):
        ids: dict[str, int] = {}
        self.tokens: list[str] = []  # feature id -> the feature
        self.bags: list[tuple[int, ...]] = []  # claim index -> its feature ids, ascending
        # feature id -> the indexes in `claims` of the claims that have it, ascending
        self.holders: list[array] = []
        for index, claim in enumerate(claims):
            bag = []
            for token in _tokens(claim):
                token_id = ids.get(token)
                if token_id is None:
                    token_id = ids[token] = len(self.tokens)
                    self.tokens.append(token)
                    self.holders.append(array("I"))
                self.holders[token_id].append(index)
                bag.append(token_id)
            self.bags.append(tuple(sorted(bag)))
        self._index = {claim.id: index for index, claim in enumerate(claims)}
        count = len(claims) + 1
        # A feature weighs the same in every claim that has it: computed once per feature.
        self._weight_of = [math.log(count / len(members)) * KIND_WEIGHTS.get(t[0], 1.0)
                           for t, members in zip(self.tokens, self.holders)]
        # An exact figure or day counts when shared, but its absence is no evidence: sources that
        # disagree on a figure are the ones the ledger exists to find. So it adds nothing to the norm.
        self._norm_part = [0.0 if _is_bonus(t) else w * w for t, w in zip(self.tokens, self._weight_of)]
        self._made: dict[str, _Features] = {}

    def __contains__(self, claim_id: str) -> bool:
        return claim_id in self._index

    def __getitem__(self, claim_id: str) -> _Features:
        if claim_id not in self._made:
            bag = self.bags[self._index[claim_id]]
            # fsum: exact whatever the order of the features.
            norm = math.sqrt(math.fsum(map(self._norm_part.__getitem__, bag)))
            self._made[claim_id] = _Features({self.tokens[t]: self._weight_of[t] for t in bag}, norm or 1.0)
        return self._made[claim_id]


def _is_bonus(token: str) -> bool:
    return token[0] == "=" or (token[0] == "%" and len(token) > 5)


def similarity(a: _Features, b: _Features) -> float:
    """Cosine of the two claims' weighted features; 0 when they share too little to be one fact."""
    common = a.weights.keys() & b.weights.keys()
    if sum(t[0] not in "#%" for t in common) < MIN_SHARED:
        return 0.0
    return min(1.0, math.fsum(a.weights[t] * b.weights[t] for t in common) / (a.norm * b.norm))


def _group(claims: list[Claim], features: _FeatureTable) -> list[set[str]]:
    group_of: dict[str, set[str]] = {}
    for score, a, b in sorted(_similar_pairs(claims, features), reverse=True):
        first, second = group_of.get(a, {a}), group_of.get(b, {b})
        if first is second or len(first) + len(second) > MAX_GROUP:
            continue
        # Average linkage: a claim joins a group only if it is close to the group as a whole.
        cross = [similarity(features[x], features[y]) for x in first for y in second]
        if math.fsum(cross) / len(cross) < THRESHOLD / 2:
            continue
        merged = first | second
        for member in merged:
            group_of[member] = merged
    unique = {id(g): g for g in group_of.values()}
    return sorted(unique.values(), key=min)


def _similar_pairs(claims: list[Claim], features: _FeatureTable):
    """(similarity, id, id), the smaller id first, for each pair of claims from two briefings
    whose similarity reaches THRESHOLD."""
    # Candidate pairs share at least MIN_SHARED rare features (units and years aside): counting
    # them through the inverted index looks only at pairs that could pass, never at all pairs.
    # The pairs are counted one claim at a time, with the claims after it, so only one claim's
    # neighbours are held at once (all pairs at once took gigabytes at 10,000 briefings).
    rare = [1 < len(members) <= MAX_POSTINGS and token[0] not in "#%"
            for token, members in zip(features.tokens, features.holders)]
    for i, bag in enumerate(features.bags):
        later = [features.holders[t] for t in bag if rare[t]]
        if len(later) < MIN_SHARED:
            continue
        shared = Counter(chain.from_iterable(members[bisect_right(members, i):] for members in later))
        a = claims[i]
        for j, count in shared.items():
            if count < MIN_SHARED:
                continue
            b = claims[j]
            if a.article != b.article and not _far_apart(a.dates, b.dates):
                score = similarity(features[a.id], features[b.id])
                if score >= THRESHOLD:
                    yield score, min(a.id, b.id), max(a.id, b.id)


def _far_apart(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """True when both claims are dated to the month or day, more than a month apart.

    Such claims tell of two events (a transfer in February, another in August); a day or
    two apart is more likely one event the sources date differently, which the ledger shows.
    """
    left, right = _starts(left), _starts(right)
    if not left or not right:
        return False
    a, b = left[0], right[0]
    if len(a) < 7 or len(b) < 7:
        return False
    months = lambda v: int(v[:4]) * 12 + int(v[5:7])  # noqa: E731
    return abs(months(a) - months(b)) > 1


def _fact(members: list[Claim], features: _FeatureTable) -> str:
    # The member closest to all the others says the shared fact best.
    def centrality(claim: Claim) -> float:
        if claim.id not in features:
            return 0
        mine = features[claim.id]
        return sum(similarity(mine, features[o.id]) for o in members if o is not claim and o.id in features)
    best = max(members, key=lambda c: (centrality(c), -len(c.text)))
    return _shorten(best.text, 200)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


# --- Verdicts -------------------------------------------------------------------------------

def judge(claims: list[Claim]) -> tuple[str, str, list[str]]:
    """Verdict, the note saying how it was reached, and what differs.

    Every two claims of the group are compared. Figures are compared within a kind —
    a measure (percent, a currency, a duration) or what is counted, where people (operatives,
    criminals, inmates…) and organisations (cartels, groups…) each count as one kind — and two
    claims agree on a kind when they share a value (a claim may give more figures than the
    other). Dates are compared by each claim's first date, at the coarser precision.
    """
    agreements: list[str] = []
    differences: list[str] = []
    for a, b in combinations(claims, 2):
        for kind, left, right in _figures_to_compare(a.figures, b.figures):
            shared = [v for v in left if any(math.isclose(v, w, rel_tol=0.005) for w in right)]
            if shared:
                agreements.append(f"{_number(shared[0])} {kind}")
            else:
                _add_once(differences, f"{_numbers(left)} vs {_numbers(right)} ({kind})")
        if _starts(a.dates) and _starts(b.dates):
            left, right = _starts(a.dates)[0], _starts(b.dates)[0]
            if left.startswith(right) or right.startswith(left):
                agreements.append(_date_label(min(left, right, key=len)))
            else:
                _add_once(differences, f"{_date_label(left)} vs {_date_label(right)}")
    if differences:
        return "differ", ("The sources give different figures or dates: " + "; ".join(differences)
                          + ". Compared: figures counting the same kind of thing, and each claim's "
                          "first date at the coarser precision."), differences
    if agreements:
        same = sorted(set(agreements))
        return "agree", "Every comparable figure and date matches: " + "; ".join(same) + ".", []
    return "cant_compare", ("The sources report this fact without a figure or date that both give, "
                            "so their agreement cannot be checked from the text."), []


def _figures_to_compare(left: tuple[Figure, ...], right: tuple[Figure, ...]):
    kinds_left, kinds_right = _by_kind(left), _by_kind(right)
    for kind in sorted(kinds_left.keys() & kinds_right.keys()):
        yield kind, kinds_left[kind], kinds_right[kind]


def _by_kind(figures: tuple[Figure, ...]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for figure in figures:
        # "dozens" or "hundreds of" is a size, not a count: it can neither agree nor differ.
        if any(ch.isdigit() for ch in figure.text) or not VAGUE.search(figure.text):
            out[_kind_label(figure)].append(figure.value)
    return out


def _kind_label(figure: Figure) -> str:
    return _kind_of_unit(figure.unit)


@cache  # an archive has a few hundred units at most, and a unit's kind is asked for every figure
def _kind_of_unit(unit: str) -> str:
    if unit in MEASURES:
        return unit
    words = unit.split()
    head = words[-1][:STEM] if words else ""
    for label, stems in COUNTED_KINDS.items():
        if head in stems:
            return label
    return words[-1] if words else "count"


def _add_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _numbers(values: list[float]) -> str:
    return " or ".join(_number(v) for v in values)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _date_label(value: str) -> str:
    parts = [int(p) for p in value.split("-")]
    return PartialDate(*parts).display


# --- Editors' edits -------------------------------------------------------------------------

def _apply_group_edits(groups: list[set[str]], claims: list[Claim],
                       edits: list[LedgerEdit]) -> tuple[list[set[str]], list[Diagnostic]]:
    known = {c.id for c in claims}
    problems = []
    for edit in edits:
        if not edit.claims:
            continue
        missing = [c for c in edit.claims if c not in known]
        if missing:
            problems.append(warning(LEDGER_FILE, edit.line, f"claim {missing[0]!r} is not in any briefing; "
                                                            "copy ids from the claims page"))
            continue
        forced = set(edit.claims)
        groups = [g - forced for g in groups] + [forced]
    return [g for g in groups if g], problems


def _apply_verdict_edits(entries: list[LedgerEntry], edits: list[LedgerEdit]) -> tuple[list[LedgerEntry], list[Diagnostic]]:
    problems = []
    for edit in edits:
        if edit.verdict is None and edit.fact is None:
            continue
        target = edit.claims[0] if edit.claims else edit.target
        index = next((i for i, e in enumerate(entries) if e.id == target or target in e.claims), None)
        if index is None:
            problems.append(warning(LEDGER_FILE, edit.line, f"{target!r} is in no ledger entry (a group needs claims "
                                                            "from two briefings); check the id on the ledger page"))
            continue
        entry = entries[index]
        changes = {"fact": edit.fact or entry.fact}
        if edit.verdict is not None:
            changes.update(verdict=edit.verdict, note=edit.note or entry.note, by_editor=True,
                           differences=entry.differences if edit.verdict == "differ" else ())
        entries[index] = LedgerEntry(**{**entry.__dict__, **changes})
    return entries, problems
