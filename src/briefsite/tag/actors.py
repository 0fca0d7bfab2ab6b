"""Tag actors: where a briefing's text names an actor, tracked by the registry or not.

In: one article's blocks (plain text of paragraphs, headings and list items, in order) and
the `ActorRegistry`. Out: per block, `Mention`s sorted and non-overlapping, each with the
actor's id and the text exactly as written (titles and a possessive "'s" left out); and the
untracked actors (tracked=False, kind guessed) for names the registry lacks.

Rules, none keyed to particular sentences:
- names and aliases match anywhere; the longest match wins ("Sinaloa Cartel" over
  "Sinaloa", "U.S. Northern Command" over "U.S."); never inside a word ("PAN" in "PANAMA");
- acronyms (no lowercase letters) match with their exact case; other names need their first
  word as written (capitalised), the rest in any case ("Sinaloa cartel"); accents optional;
- a person's surname alone ("Carter"; a Spanish double surname, "Oseguera Cervantes") counts
  after the full name or an alias earlier in the article, or right after a title
  ("Senator Graham"); a surname two registry people share counts never;
- a person's given name with one surname form matches too ("Nemesio Oseguera"); a name or
  surname that runs on into another person's name is not the actor ("Joaquín Guzmán López"
  is not Joaquín Guzmán Loera; "Guzmán" inside "Ovidio Guzmán López" is neither);
- metonyms ("Washington") count only outside a longer capitalised name ("Washington Post");
- place names that contain an actor's name ("Mexico City", "New Mexico", "Latin America")
  are not the actor;
- what is left is searched for untracked names (`tag/names.py`); a country's name inside one
  ("Conservative Party of Canada") is part of that name, not a mention of the country.

`ActorMatcher(registry)` builds one token trie for the registry; build it once per build
and call `find_mentions` per article (the module-level `find_mentions` is for one-off use).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count

from briefsite.records import Actor, ActorRegistry, Mention
from briefsite.slugs import slugify
from briefsite.tag.names import FREE, HARD, SOFT, Known, Words, find_names

# Longer names that contain an actor's name but do not mean the actor.
NOT_ACTORS = (
    "Mexico City", "New Mexico", "Gulf of Mexico", "Latin America", "Central America", "North America",
    "South America", "Washington Post", "George Washington", "Washington State",
)
END = ""
"""Trie key under which a node lists the forms that end there (no token is empty)."""


@dataclass(frozen=True)
class _Form:
    """One way of writing an actor's name, as tokens."""

    actor: str | None
    """None for a place name that only shadows the actor names inside it."""
    words: tuple[str, ...]
    """Accent-folded tokens, case as written."""
    role: str
    """'name' (names and aliases), 'metonym', 'surname' or 'place'."""
    exact: bool
    """Acronyms: every token's case must match."""


class ActorMatcher:
    """The registry compiled for matching: a trie of its names' tokens, built once."""

    def __init__(self, registry: ActorRegistry):
        self.registry = registry
        self._kinds = {actor.id: actor.kind for actor in registry.actors}
        self._trie: dict = {}
        taken: set[tuple[str, ...]] = set()
        for actor in registry.actors:
            for text in (actor.name, *actor.aliases):
                taken.add(self._add(actor.id, text, "name"))
            for text in actor.metonyms:
                taken.add(self._add(actor.id, text, "metonym"))
        self._full = {actor.id: _keys(actor.name) for actor in registry.actors if actor.kind == "person"}
        for surname, owners in _surnames(registry).items():
            # Two people's shared surname ('García') or another actor's name means neither.
            if len(owners) == 1 and surname not in taken:
                self._add(owners[0], " ".join(surname), "surname")
        for actor in registry.actors:
            # 'Nemesio Oseguera' for Nemesio Oseguera Cervantes: the given name and one surname form.
            names = [word for word in Words.of(actor.name).words if word[0].isupper()]
            if actor.kind == "person" and len(names) >= 3:
                for form in (names[-2:-1], names[-1:]):
                    key = (names[0].casefold(), *(word.casefold() for word in form))
                    if key not in taken:
                        taken.add(self._add(actor.id, " ".join([names[0], *form]), "name"))
        for text in NOT_ACTORS:
            if _keys(text) not in taken:
                self._add(None, text, "place")

    def _add(self, actor: str | None, text: str, role: str) -> tuple[str, ...]:
        words = tuple(Words.of(text).words)
        node = self._trie
        for word in words:
            node = node.setdefault(word.casefold(), {})
        exact = not any(char.islower() for char in text)
        node.setdefault(END, []).append(_Form(actor, words, role, exact))
        return tuple(word.casefold() for word in words)

    def find_mentions(self, blocks: list[str]) -> tuple[list[list[Mention]], list[Actor]]:
        """Actor mentions in one article's blocks (plain-text paragraphs, headings, list items, in order).
        Returns the mentions per block (sorted, non-overlapping) and the untracked actors they name."""
        introduced: set[str] = set()
        known: Known = {}
        untracked: dict[str, Actor] = {}
        result = []
        for text in blocks:
            words = Words.of(text)
            tracked, claimed = self._tracked(words, introduced)
            names = find_names(words, claimed, known)
            mentions = [mention for first, last, mention in tracked
                        if not any(name.first <= first and last <= name.last for name in names)]
            for name in names:
                actor_id = _actor_id(name.name)
                if not actor_id:  # a name with no Latin letters or digits has no id to file it under
                    continue
                if actor_id not in self._kinds and actor_id not in untracked:  # the first name given is kept
                    untracked[actor_id] = Actor(actor_id, name.name, name.kind, tracked=False)
                start, end = words.starts[name.first], words.ends[name.last]
                mentions.append(Mention(actor_id, text[start:end], start, end))
            mentions.sort(key=lambda mention: mention.start)
            result.append(mentions)
        return result, list(untracked.values())

    def _tracked(self, words: Words, introduced: set[str]) -> tuple[list[tuple[int, int, Mention]], list[int]]:
        """Registry mentions (with their first and last token), left to right, longest first;
        and how each token is claimed (FREE, SOFT for a country's name, HARD)."""
        mentions = []
        claimed = [FREE] * len(words.words)
        index = 0  # the first token not yet in a mention
        # A mention starts only at a token that starts a registry name: try those alone.
        for first in compress(count(), map(self._trie.__contains__, words.keys)):
            if first < index:
                continue
            found = self._match(words, first, introduced)
            if found is None:
                continue
            form, end = found
            if form.actor is not None:
                start, stop = words.starts[first], words.ends[end - 1]
                mentions.append((first, end - 1, Mention(form.actor, words.text[start:stop], start, stop)))
                state = SOFT if self._kinds[form.actor] == "country" else HARD
                claimed[first:end] = [state] * (end - first)
                if form.role == "name" or form.role == "surname":
                    introduced.add(form.actor)
            index = end
        return mentions, claimed

    def _match(self, words: Words, index: int, introduced: set[str]) -> tuple[_Form, int] | None:
        """The longest acceptable form starting at token `index`, and the token after it."""
        candidates = []
        node = self._trie
        for end in range(index, len(words.keys)):
            node = node.get(words.keys[end])
            if node is None:
                break
            if END in node:
                candidates.append((end + 1, node[END]))
        for end, forms in reversed(candidates):
            for form in forms:
                if _case_fits(form, words, index) and _role_fits(form, words, index, end, introduced) \
                        and not self._other_person(form, words, end):
                    return form, end
        return None


    def _other_person(self, form: _Form, words: Words, end: int) -> bool:
        """True when the name goes on as another person's: 'Joaquín Guzmán López' is not
        Joaquín Guzmán Loera, whose name has 'Loera' where the text has 'López'."""
        full = self._full.get(form.actor or "")
        size = len(form.words)
        if full is None or len(full) <= size or full[:size] != tuple(w.casefold() for w in form.words):
            return False
        return end < len(words.words) and words.joined(end) and words.capitalised[end] and words.keys[end] != full[size]


def find_mentions(blocks: list[str], registry: ActorRegistry) -> tuple[list[list[Mention]], list[Actor]]:
    """Actor mentions in one article's blocks (plain-text paragraphs, headings, list items, in order).
    Returns the mentions per block (sorted, non-overlapping) and the untracked actors they name.

    Builds the matcher each call: to tag many articles, build `ActorMatcher(registry)` once.
    """
    return ActorMatcher(registry).find_mentions(blocks)


@lru_cache(maxsize=4096)
def _actor_id(name: str) -> str:
    """`slugify(name)`, remembered: an article names the same people again and again."""
    return slugify(name)


def _surnames(registry: ActorRegistry) -> dict[tuple[str, ...], list[str]]:
    """Surname forms of every registry person: the last name, and for three or more names the
    last two and the one before the last (Spanish double surnames: 'García Harfuch', 'García')."""
    owners: dict[tuple[str, ...], list[str]] = {}
    for actor in registry.actors:
        if actor.kind != "person":
            continue
        names = [word for word in Words.of(actor.name).words if word[0].isupper()]
        forms = {tuple(names[-1:])} if len(names) >= 2 else set()
        if len(names) >= 3:
            forms |= {tuple(names[-2:]), tuple(names[-2:-1])}
        for form in forms:
            key = tuple(word.casefold() for word in form)
            if actor.id not in owners.setdefault(key, []):
                owners[key].append(actor.id)
    return owners


def _keys(text: str) -> tuple[str, ...]:
    return tuple(Words.of(text).keys)


def _case_fits(form: _Form, words: Words, index: int) -> bool:
    """Acronyms match their exact case; other names their first word as written (or, for a
    lowercase name such as 'kingpin strategy', capitalised at a sentence's start)."""
    if form.exact:
        return tuple(words.words[index:index + len(form.words)]) == form.words
    first, written = form.words[0], words.words[index]
    return written == first or (first[0].islower() and written == first[0].upper() + first[1:])


def _role_fits(form: _Form, words: Words, index: int, end: int, introduced: set[str]) -> bool:
    if form.role == "surname":
        if words.title_before(index):
            return True
        # 'Guzmán' inside 'Ovidio Guzmán López' is part of another name.
        return form.actor in introduced and not _inside_name(words, index, end)
    if form.role == "metonym":
        return not _inside_name(words, index, end)
    return True


def _inside_name(words: Words, index: int, end: int) -> bool:
    """True when a capitalised word is joined before or after tokens `index`..`end`: a longer name."""
    before = index > 0 and words.joined(index) and words.capitalised[index - 1] \
        and not words.starts_sentence(index - 1)
    after = end < len(words.words) and words.joined(end) and words.capitalised[end]
    return before or after
