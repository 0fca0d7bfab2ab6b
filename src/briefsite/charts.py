"""Charts: the geometry of the site's pictures, computed from the archive at build time.

In: an `Archive`. Out: frozen records of plain data (positions, sizes, visible labels,
accessible names, site-relative URLs) that `templates/_charts.html` turns into inline SVG.
It is its own step so the drawing is testable without HTML, and the templates hold no
arithmetic. Every chart is capped (years grouped, the top actors only, the strongest
links only), so its size does not grow with the archive; every order has a tie-breaker,
so two builds give identical bytes.

Charts are drawn at their natural size (one SVG unit is one CSS pixel), so text is never
scaled below FONT; a chart wider than the screen scrolls inside its `.chart` wrapper.

Accessible names. A link's accessible name (`spoken`) contains the text the link shows, in the
same order (WCAG 2.5.3 Label in Name): someone using speech input says what they see. A name
shortened with '…' is a prefix of the full name the link is called by.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass

from briefsite.records import ACTOR_KINDS, CLAIM_TYPES, VERDICTS, Archive

FONT = 13.0
"""Font size of every label, in px (the stylesheet sets the same)."""
ELLIPSIS = "…"


# --- Records ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorLink:
    """An actor named in a chart: visible text (maybe shortened) and its page."""

    name: str
    """Full name, for the accessible name and the tooltip."""
    text: str
    """What is drawn: the name, shortened with '…' when it does not fit."""
    url: str

    @property
    def shortened(self) -> bool:
        return self.text != self.name


@dataclass(frozen=True)
class YearRow:
    """One row of the timeline chart: a year (or a span of years when there are many)."""

    label: str
    """'2025', or '1950–1954' when years are grouped."""
    spoken: str
    """Accessible name of the row's link, e.g. '2025: 6 events' for a row that shows '2025' and '6'."""
    count: int
    url: str
    """'timeline/#y2025': the section of the first year in the row that has events."""
    y: float
    """Baseline of the row's text."""
    bar_y: float
    bar_width: float
    count_x: float
    actors: tuple[ActorLink, ...]
    """Up to three actors most named in the row's events."""


@dataclass(frozen=True)
class TimelineChart:
    id: str
    title: str
    desc: str
    width: float
    height: float
    label_x: float
    """Right edge of the year labels."""
    bar_x: float
    bar_height: float
    actors_x: float
    header_y: float
    years_per_row: int
    """1, or the span of years a row stands for when the archive covers too many years."""
    rows: tuple[YearRow, ...]


@dataclass(frozen=True)
class Node:
    """An actor drawn in a network: a shape, a label beside it, a link to its page."""

    id: str
    name: str
    text: str
    """Visible label, shortened with '…' when too long."""
    kind: str
    url: str | None
    """None for the centre of an ego network: the page it is drawn on."""
    spoken: str
    """Accessible name of the label's link, beginning with the full name, e.g. 'Mexico, country,
    107 mentions'."""
    x: float
    y: float
    r: float
    shape: str
    """SVG path data of the node's shape, already placed at (x, y)."""
    label_x: float
    label_y: float
    anchor: str
    """'start', 'middle' or 'end': the SVG text-anchor of the label."""
    note: str = ""
    """Muted text after the label ('' for none), e.g. the co-mention count."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: int
    """Sentences naming both actors."""
    width: float
    """Stroke width."""
    path: str
    """SVG path data."""
    a: int
    """Index in `NetworkChart.nodes` of one end (for the stylesheet's highlight on hover)."""
    b: int
    """Index of the other end."""


@dataclass(frozen=True)
class LegendItem:
    kind: str
    label: str
    shape: str
    x: float
    y: float
    """Baseline of the label; the shape sits left of x."""


@dataclass(frozen=True)
class NetworkChart:
    id: str
    title: str
    desc: str
    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    """Thinnest first, so the strongest links are drawn on top."""
    legend: tuple[LegendItem, ...]
    note: str
    """Visible text under the chart: what was left out ('' when nothing was)."""
    note_y: float


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar, and its legend entry (which carries the accessible link)."""

    key: str
    """Claim type or verdict: also the CSS modifier."""
    text: str
    """Legend text, e.g. '20 statistics'."""
    spoken: str
    """Accessible name: the legend text, then what it counts, e.g. '20 statistics, of 64 claims'."""
    count: int
    url: str
    x: float
    width: float
    legend_x: float
    legend_y: float


@dataclass(frozen=True)
class StackedBar:
    heading: str
    heading_url: str
    heading_y: float
    bar_y: float
    bar_height: float
    segments: tuple[Segment, ...]
    empty: str
    """Shown instead of the bar when there is nothing to count ('' otherwise)."""


@dataclass(frozen=True)
class ClaimsChart:
    id: str
    title: str
    desc: str
    width: float
    height: float
    bars: tuple[StackedBar, ...]


# --- Timeline --------------------------------------------------------------------------

TIMELINE_WIDTH = 680.0
MAX_ROWS = 30
"""More years than this and rows stand for spans of 2, 5, 10… years."""
ROW = 26.0


def timeline_chart(archive: Archive) -> TimelineChart:
    """Dated events counted by year, each year linked to its section of the timeline page,
    with the three actors most named in its events."""
    by_year = Counter(event.year for event in archive.timeline)
    span = _years_per_row(sorted(by_year))
    groups: dict[int, list] = {}
    for event in archive.timeline:
        groups.setdefault(event.year - event.year % span, []).append(event)
    labels = {start: str(start) if span == 1 else f"{start}–{start + span - 1}" for start in groups}
    most = max((len(events) for events in groups.values()), default=1)
    header_y, bar_max = 14.0, 130.0
    label_x = _r(max([text_width("Years"), *(text_width(t, bold=True) for t in labels.values())]) + 2)
    bar_x = label_x + 8
    actors_x = _r(bar_x + bar_max + 6 + max(text_width(f"{most:,}"), text_width("Events") - bar_max) + 16)
    rows = []
    for index, (start, events) in enumerate(sorted(groups.items())):
        top = header_y + 10 + index * ROW
        first = min(event.year for event in events)
        width = max(2.0, bar_max * len(events) / most)
        rows.append(YearRow(
            label=labels[start], spoken=f"{labels[start]}: {_plural(len(events), 'event')}", count=len(events),
            url=f"timeline/#y{first}", y=_r(top + 17), bar_y=_r(top + 5), bar_width=_r(width),
            count_x=_r(bar_x + width + 6),
            actors=_fit_names(archive, _most_named(events), TIMELINE_WIDTH - actors_x - 4)))
    years = sorted(by_year)
    total = len(archive.timeline)
    if years:
        busiest = min(by_year, key=lambda y: (-by_year[y], y))
        desc = (f"{_plural(total, 'dated event')} from {years[0]} to {years[-1]}, in {_plural(len(years), 'year')}"
                + (f", grouped in spans of {span} years" if span > 1 else "")
                + f". The busiest year is {busiest}, with {_plural(by_year[busiest], 'event')}. Each "
                + ("span" if span > 1 else "year") + " links to its events on the timeline page, "
                "followed by the actors most named in them.")
    else:
        desc = "No dated events yet."
    return TimelineChart(
        id="chart-timeline", title="Dated events by year", desc=desc, width=TIMELINE_WIDTH,
        height=_r(header_y + 10 + len(rows) * ROW + 6), label_x=label_x, bar_x=bar_x, bar_height=16.0,
        actors_x=actors_x, header_y=header_y, years_per_row=span, rows=tuple(rows))


def _years_per_row(years: list[int]) -> int:
    for span in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if len({year - year % span for year in years}) <= MAX_ROWS:
            return span
    return 10000


def _most_named(events, top: int = 3) -> list[str]:
    counts = Counter(actor for event in events for actor in set(event.actors))
    return sorted(counts, key=lambda a: (-counts[a], a))[:top]


def _fit_names(archive: Archive, ids: list[str], room: float) -> tuple[ActorLink, ...]:
    """Links for as many of `ids` as fit `room` when ', '-joined; the first that does not fit
    is shortened with '…' if enough of it to read fits, else left out."""
    links, used = [], 0.0
    for actor_id in ids:
        name = archive.actor(actor_id).actor.name
        gap = text_width(", ") if links else 0.0
        text = _shorten(name, room - used - gap)
        if text != name and (len(text) < 8 or links and len(text) < len(name) // 2):
            break
        links.append(ActorLink(name=name, text=text, url=f"actors/{actor_id}/"))
        used += gap + text_width(text)
        if text != name:
            break
    return tuple(links)


# --- Networks --------------------------------------------------------------------------

NET_ROW = 28.0
"""Vertical distance between two labels on the same side of a network."""
NODE_MIN, NODE_MAX = 4.0, 12.0
LABEL_MAX = 200.0
"""Longest label of a network, in px; longer names are shortened."""
MAX_EDGES = 100
KIND_NAMES = {kind: kind for kind in ACTOR_KINDS}


def actor_network(archive: Archive, limit: int = 30) -> NetworkChart:
    """The `limit` most-mentioned actors on a circle ordered by kind, joined by lines as
    thick as the number of sentences naming both."""
    ranked = sorted(archive.actors, key=lambda p: (-p.mentions, p.actor.name.casefold(), p.actor.id))
    shown = ranked[:limit]
    order = sorted(shown, key=lambda p: (_kind_rank(p.actor.kind), -p.mentions, p.actor.name.casefold(), p.actor.id))
    ids = {p.actor.id for p in shown}
    pairs = sorted(((p.actor.id, other, n) for p in shown for other, n in p.related
                    if other in ids and p.actor.id < other), key=lambda e: (-e[2], e[0], e[1]))
    kept = pairs[:MAX_EDGES]
    # Right side top to bottom, then left side bottom to top: the circle, clockwise from the top.
    right = order[: (len(order) + 1) // 2]
    left = order[len(right):]
    radius = max(90.0, (len(right) - 1) * NET_ROW / 1.84)
    most = max((p.mentions for p in shown), default=1)
    sizes = {p.actor.id: _node_radius(p.mentions, most) for p in shown}
    texts = {p.actor.id: _shorten(p.actor.name, LABEL_MAX) for p in shown}
    left_w = max((text_width(texts[p.actor.id]) for p in left), default=0.0)
    right_w = max((text_width(texts[p.actor.id]) for p in right), default=0.0)
    cx = 8 + left_w + 6 + NODE_MAX + radius
    cy = 10 + NODE_MAX + 0.92 * radius
    width = cx + radius + NODE_MAX + 6 + right_w + 8
    places = {}
    for side, members in ((1, right), (-1, left)):
        ys = _spread(cy, 0.92 * radius, len(members))
        if side == -1:
            ys = ys[::-1]
        for p, y in zip(members, ys):
            places[p.actor.id] = (cx + side * math.sqrt(max(0.0, radius**2 - (y - cy) ** 2)), y, side)
    nodes = []
    for p in order:
        x, y, side = places[p.actor.id]
        r = sizes[p.actor.id]
        nodes.append(_node(p.actor, texts[p.actor.id], f"{_plural(p.mentions, 'mention')}", x, y, r,
                           x + side * (r + 5), y + FONT * 0.35, "start" if side > 0 else "end"))
    low, high = min((n for _, _, n in kept), default=1), max((n for _, _, n in kept), default=1)
    index = {p.actor.id: i for i, p in enumerate(order)}
    edges = [Edge(a, b, n, _stroke(n, low, high), _curve(places[a][:2], places[b][:2], (cx, cy)),
                  index[a], index[b])
             for a, b, n in sorted(kept, key=lambda e: (e[2], e[0], e[1]))]
    legend, bottom = _legend([p.actor.kind for p in order], width, cy + 0.92 * radius + NODE_MAX + 24)
    left_out = len(ranked) - len(shown)
    note = (f"and {_plural(left_out, 'more actor')}, all listed below" if left_out else "")
    if len(pairs) > len(kept):
        note += ("; " if note else "") + f"the {len(kept)} strongest of {len(pairs)} links drawn"
    if kept:
        a, b, n = kept[0]
        strongest = (f" The strongest link is {archive.actor(a).actor.name} with {archive.actor(b).actor.name}: "
                     f"{_plural(n, 'sentence')} name both.")
    else:
        strongest = ""
    desc = (f"The {len(shown)} most-mentioned of {_plural(len(ranked), 'actor')}, grouped round a circle by kind "
            f"(shape and colour show the kind). Lines join actors named in the same sentence, thicker the more "
            f"often; larger shapes are mentioned more.{strongest} Each name links to the actor's page.")
    return NetworkChart(
        id="chart-actors", title="Who is named with whom", desc=desc, width=_r(width),
        height=_r(bottom + (26 if note else 6)), nodes=tuple(nodes), edges=tuple(edges), legend=legend,
        note=note, note_y=_r(bottom + 18))


EGO_WIDTH = 340.0
"""An ego network fits a phone's width: longer names are shortened to fit it."""


def ego_network(archive: Archive, actor_id: str, limit: int = 8) -> NetworkChart:
    """One actor and the `limit` actors most often named with it, fanned out on an arc to
    its right, joined by lines as thick as the number of sentences naming both."""
    profile = archive.actor(actor_id)
    related = list(profile.related[:limit])
    centre_text = _shorten(profile.actor.name, EGO_WIDTH - 16)
    top = 16 + 14 + NODE_MAX
    cx, cy = 8 + NODE_MAX, top + (len(related) - 1) * NET_ROW / 2 if related else top
    radius = max(90.0, (len(related) - 1) * NET_ROW / 2 / 0.9)
    most = max([profile.mentions, *(archive.actor(o).mentions for o, _ in related)])
    centre_r = _node_radius(profile.mentions, most)
    nodes = [_node(profile.actor, centre_text, _plural(profile.mentions, "mention"), cx, cy, centre_r,
                   8, 16, "start", url=False)]
    edges = []
    most_pair = max((n for _, n in related), default=1)
    width = 8 + text_width(centre_text, bold=True) + 8
    for index, (other, n) in enumerate(related, start=1):
        y = top + (index - 1) * NET_ROW
        x = cx + math.sqrt(max(0.0, radius**2 - (y - cy) ** 2))
        actor = archive.actor(other)
        r = _node_radius(actor.mentions, most)
        note = f"{n:,}"
        room = EGO_WIDTH - (x + r + 5) - 8 - text_width(" " + note)
        text = _shorten(actor.actor.name, room)
        nodes.append(_node(actor.actor, text, f"named with {profile.actor.name} in {_plural(n, 'sentence')}",
                           x, y, r, x + r + 5, y + FONT * 0.35, "start", note=note))
        edges.append(Edge(actor_id, other, n, _stroke(n, 0, most_pair),
                          f"M{_r(cx)} {_r(cy)}L{_r(x)} {_r(y)}", 0, index))
        width = max(width, x + r + 5 + text_width(text + " " + note) + 8)
    edges.sort(key=lambda e: (e.weight, e.target))
    bottom = max(cy + centre_r, top + (len(related) - 1) * NET_ROW + NODE_MAX)
    legend, bottom = _legend([node.kind for node in nodes], width, bottom + 24)
    left_out = len(profile.related) - len(related)
    note = f"and {_plural(left_out, 'more actor')}, listed below" if left_out else ""
    names = ", ".join(f"{archive.actor(o).actor.name} ({n})" for o, n in related)
    desc = (f"{profile.actor.name}, joined to the {_plural(len(related), 'actor')} most often named in the same "
            f"sentence, with the number of such sentences: {names}. Each name links to the actor's page."
            if related else f"No other actor is named in the same sentence as {profile.actor.name}.")
    return NetworkChart(
        id="chart-ego", title=f"Named alongside {profile.actor.name}", desc=desc, width=_r(width),
        height=_r(bottom + (26 if note else 6)), nodes=tuple(nodes), edges=tuple(edges), legend=legend,
        note=note, note_y=_r(bottom + 18))


def _kind_rank(kind: str) -> int:
    return ACTOR_KINDS.index(kind) if kind in ACTOR_KINDS else len(ACTOR_KINDS)


def _node_radius(mentions: int, most: int) -> float:
    return _r(NODE_MIN + (NODE_MAX - NODE_MIN) * math.sqrt(mentions / max(most, 1)))


def _node(actor, text, detail, x, y, r, label_x, label_y, anchor, note="", url=True) -> Node:
    return Node(id=actor.id, name=actor.name, text=text, kind=actor.kind,
                url=f"actors/{actor.id}/" if url else None, spoken=f"{actor.name}, {actor.kind}, {detail}",
                x=_r(x), y=_r(y), r=r, shape=shape_path(actor.kind, x, y, r), label_x=_r(label_x),
                label_y=_r(label_y), anchor=anchor, note=note)


def _stroke(weight: int, low: int, high: int) -> float:
    """Line width from 1 (the weakest link drawn) to 7 (the strongest)."""
    return _r(1 + 6 * (weight - low) / (high - low)) if high > low else 2.0


def _spread(centre: float, half: float, n: int) -> list[float]:
    if n == 1:
        return [centre]
    return [centre - half + 2 * half * i / (n - 1) for i in range(n)]


def _curve(a: tuple[float, float], b: tuple[float, float], centre: tuple[float, float]) -> str:
    # A quadratic curve bowed toward the centre, so links between neighbours stay short.
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    qx, qy = centre[0] + (mx - centre[0]) * 0.4, centre[1] + (my - centre[1]) * 0.4
    return f"M{_r(a[0])} {_r(a[1])}Q{_r(qx)} {_r(qy)} {_r(b[0])} {_r(b[1])}"


def _legend(kinds: list[str], width: float, top: float) -> tuple[tuple[LegendItem, ...], float]:
    """One entry per kind present, in ACTOR_KINDS order, wrapped to `width`; and the last baseline."""
    present = sorted(set(kinds), key=lambda k: (_kind_rank(k), k))
    items, x, y = [], 8 + 16.0, top
    for kind in present:
        step = 16 + text_width(kind) + 18
        if x - 16 + step > width and x > 24:
            x, y = 24.0, y + 20
        items.append(LegendItem(kind=kind, label=kind, shape=shape_path(kind, x - 9, y - FONT * 0.35, 5.5),
                                x=_r(x), y=_r(y)))
        x += step
    return tuple(items), y


SHAPES = {
    "person": "circle", "government": "pentagon", "agency": "hexagon", "party": "triangle",
    "cartel": "triangle-down", "organization": "diamond", "country": "square", "program": "cross",
}


def shape_path(kind: str, x: float, y: float, r: float) -> str:
    """SVG path data of the shape standing for `kind`, centred on (x, y), about `r` in radius."""
    shape = SHAPES.get(kind, "circle")
    if shape == "circle":
        return (f"M{_r(x - r)} {_r(y)}a{_r(r)} {_r(r)} 0 1 0 {_r(2 * r)} 0"
                f"a{_r(r)} {_r(r)} 0 1 0 {_r(-2 * r)} 0Z")
    if shape == "square":
        s = r * 0.9
        points = [(-s, -s), (s, -s), (s, s), (-s, s)]
    elif shape == "diamond":
        s = r * 1.25
        points = [(0, -s), (s, 0), (0, s), (-s, 0)]
    elif shape == "triangle":
        s = r * 1.3
        points = [(0, -s), (s * 0.95, s * 0.65), (-s * 0.95, s * 0.65)]
    elif shape == "triangle-down":
        s = r * 1.3
        points = [(0, s), (s * 0.95, -s * 0.65), (-s * 0.95, -s * 0.65)]
    elif shape == "cross":
        a, b = r * 1.1, r * 0.4
        points = [(-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b), (b, a), (-b, a), (-b, b), (-a, b),
                  (-a, -b), (-b, -b)]
    else:
        sides = 5 if shape == "pentagon" else 6
        s = r * 1.1
        points = [(s * math.sin(2 * math.pi * i / sides), -s * math.cos(2 * math.pi * i / sides))
                  for i in range(sides)]
    return "M" + "L".join(f"{_r(x + px)} {_r(y + py)}" for px, py in points) + "Z"


# --- Claims and the ledger -------------------------------------------------------------

CLAIMS_WIDTH = 260.0
"""Fits the home page's side column (17rem) and a phone."""
VERDICT_WORDS = {"differ": "contested", "agree": "agree", "cant_compare": "can't compare"}
VERDICT_SPOKEN = {"differ": "facts where the briefings differ", "agree": "facts where the briefings agree",
                  "cant_compare": "facts that cannot be compared"}


def claims_chart(archive: Archive) -> ClaimsChart:
    """Claims by type, and the facts several briefings report by verdict: two stacked bars
    whose legends link to the claims page (filtered by type) and to the ledger."""
    types = Counter(claim.type for claim in archive.claims)
    verdicts = Counter(entry.verdict for entry in archive.ledger)
    claims = _stacked(
        f"{_plural(len(archive.claims), 'claim')} by type", "claims/", 16.0,
        [(kind, _plural(types[kind], kind), f"{_plural(types[kind], kind)}, of {_plural(len(archive.claims), 'claim')}",
          types[kind], f"claims/?type={kind}") for kind in CLAIM_TYPES],
        "No claims yet.")
    top = claims.segments[-1].legend_y + 34 if claims.segments else claims.bar_y + 40
    ledger = _stacked(
        f"{_plural(len(archive.ledger), 'fact')} in the ledger", "ledger/", top,
        [(verdict, f"{verdicts[verdict]:,} {VERDICT_WORDS[verdict]}",
          f"{verdicts[verdict]:,} {VERDICT_WORDS[verdict]}: {VERDICT_SPOKEN[verdict]}", verdicts[verdict], "ledger/")
         for verdict in VERDICTS],
        "No fact in several briefings yet.")
    bottom = ledger.segments[-1].legend_y if ledger.segments else ledger.bar_y + 14
    typed = ", ".join(_plural(types[kind], kind) for kind in CLAIM_TYPES)
    judged = ", ".join(f"{verdicts[v]} {VERDICT_WORDS[v]}" for v in VERDICTS)
    desc = (f"{_plural(len(archive.claims), 'claim')} found in the briefings: {typed}. "
            f"{_plural(len(archive.ledger), 'fact')} reported by two or more briefings: {judged}. "
            "Each count links to the claims of that type or to the ledger.")
    return ClaimsChart(id="chart-claims", title="Claims and contested facts", desc=desc, width=CLAIMS_WIDTH,
                       height=_r(bottom + 8), bars=(claims, ledger))


def _stacked(heading: str, url: str, top: float, parts: list[tuple], empty: str) -> StackedBar:
    total = sum(part[3] for part in parts)
    bar_y, bar_h = top + 10, 20.0
    if not total:
        return StackedBar(heading, url, top, bar_y, bar_h, (), empty)
    # The legend in two columns when every entry fits half the width, else in one.
    columns = 2 if all(18 + text_width(part[1]) + 8 <= CLAIMS_WIDTH / 2 for part in parts) else 1
    segments, x = [], 0.0
    for index, (key, text, spoken, count, link) in enumerate(parts):
        width = CLAIMS_WIDTH * count / total
        segments.append(Segment(key=key, text=text, spoken=spoken, count=count, url=link, x=_r(x),
                                width=_r(width), legend_x=_r(18 + CLAIMS_WIDTH / 2 * (index % columns)),
                                legend_y=_r(bar_y + bar_h + 20 + 20 * (index // columns))))
        x += width
    return StackedBar(heading, url, top, bar_y, bar_h, tuple(segments), "")


# --- Text ------------------------------------------------------------------------------

# Advance widths in em of DejaVu Sans, a wide UI font (Linux's usual system-ui): an estimate
# that errs wide for the narrower fonts of other systems, so labels keep clear of each other.
_EM = {
    **dict.fromkeys("ijlIJ|", 0.29), **dict.fromkeys(" ,.:;!'’", 0.32), **dict.fromkeys("-()[]ft", 0.38),
    "r": 0.42, **dict.fromkeys("cksz", 0.56), **dict.fromkeys("vxyFL", 0.6),
    **dict.fromkeys("abdeghnopquPTES0123456789", 0.64), **dict.fromkeys("ABCKRVXYZ", 0.7),
    **dict.fromkeys("DGHNOQU", 0.79), "w": 0.82, "M": 0.87, **dict.fromkeys("mW%…—", 1.0),
}


def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """Estimated width of `text` in px (see _EM); bold is 15% wider."""
    em = sum(_EM.get(char, 0.66) for char in unicodedata.normalize("NFD", text)
             if not unicodedata.combining(char))
    return em * size * (1.15 if bold else 1.0)


def _shorten(text: str, room: float) -> str:
    if text_width(text) <= room:
        return text
    while text and text_width(text + ELLIPSIS) > room:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    plural = word[:-1] + "ies" if word.endswith("y") and not word.endswith("ey") else word + "s"
    return f"{n:,} {plural}"


def _r(value: float) -> float:
    return round(value, 1)
