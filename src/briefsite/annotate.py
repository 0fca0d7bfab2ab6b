"""Annotate: put tagged spans back into a briefing's markdown tokens as HTML markup.

In: the article's tokens and, per inline token, `Markup`s (a span of the block's plain
text with the HTML to open and close around it). Out: the body HTML. Markup is only ever
inserted where the result stays well formed: a span that would cut across emphasis or a
link is left unwrapped (with its fallback, such as an empty anchor, put at its start), and
a link is never nested in a link. Runs once per briefing, right after tagging, and its
result is cached with the tags: the body's HTML depends on nothing else in the archive but
the ledger, whose links are left as placeholders for the render stage to fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefsite.inline_text import Segment, plain_text
from briefsite.records import TaggedArticle, date_anchor, ledger_placeholder

# Article pages live at articles/<slug>/: two levels below the site's root.
ROOT = "../../"


@dataclass(frozen=True)
class Markup:
    start: int
    end: int
    open: str
    close: str
    fallback: str = ""
    """HTML put at `start` when the span cannot be wrapped (e.g. an anchor for a claim)."""
    is_link: bool = False
    """An <a> element, which must not sit inside another link."""


def annotate_body(md: MarkdownIt, tokens: tuple, item: TaggedArticle) -> str:
    """HTML of a briefing's body (its markdown `tokens`) with its tags marked."""
    return _render_body(md, tokens, body_markup(item))


def body_markup(item: TaggedArticle) -> dict[int, list[Markup]]:
    """The inline markup of an article page: claims anchored (with a placeholder for their
    ledger links), mentions linked, dates marked."""
    blocks = item.article.blocks
    # Keyed by the block's inline token, which is what _render_body rewrites.
    markup: dict[int, list[Markup]] = {}
    for claim in item.claims:
        cid, kind = escape(claim.id), escape(claim.type)
        markup.setdefault(blocks[claim.block].token, []).append(Markup(
            claim.start, claim.end,
            open=f'<span class="claim claim--{kind}" id="{cid}" data-claim-type="{kind}">',
            close=f'</span><a class="claim-tag claim-tag--{kind}" href="#{cid}" data-pagefind-ignore '
                  f'title="Link to this {kind} claim">{kind}</a>' + ledger_placeholder(claim.id),
            fallback=f'<span class="claim-anchor" id="{cid}"></span>'))
    for index, block_mentions in enumerate(item.mentions):
        for mention in block_mentions:
            markup.setdefault(blocks[index].token, []).append(Markup(
                mention.start, mention.end, is_link=True,
                open=f'<a class="mention" href="{ROOT}actors/{escape(mention.actor)}/">', close="</a>"))
    for index, block_dates in enumerate(item.dates):
        if blocks[index].kind != "paragraph":
            continue
        for number, date in enumerate(block_dates):
            anchor, value = date_anchor(index, number), escape(date.value)
            # A date whose year the text does not give ('XXXX-03-04') has no machine-readable form.
            element = "time" if value[:1].isdigit() else "span"
            when = f' datetime="{value.split("/")[0]}"' if element == "time" else ""
            markup.setdefault(blocks[index].token, []).append(Markup(
                date.start, date.end,
                open=f'<{element}{when} id="{anchor}" title="{value}">', close=f"</{element}>",
                fallback=f'<span id="{anchor}"></span>'))
    return markup


def _render_body(md: MarkdownIt, tokens: tuple, markup: dict[int, list[Markup]]) -> str:
    """HTML of the body with `markup` (keyed by inline token index) applied."""
    annotated = list(tokens)
    for index, spans in markup.items():
        if spans:
            annotated[index] = _annotate(tokens[index], spans)
    return md.renderer.render(annotated, md.options, {})


def _annotate(inline: Token, spans: list[Markup]) -> Token:
    children = list(inline.children or [])
    _, segments = plain_text(children)
    in_link = _inside_links(children)
    inserts: dict[int, list[tuple[tuple, str]]] = {}
    accepted: list[Markup] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        first = _segment_at(segments, span.start, opening=True)
        last = _segment_at(segments, span.end, opening=False)
        fits = (
            first is not None and last is not None and span.start < span.end
            and first.splittable and last.splittable
            and _same_level(children, first.child, last.child)
            and not (span.is_link and in_link[first.child])
            and not any(a.start < span.start < a.end < span.end for a in accepted)
        )
        if fits:
            order = len(accepted)
            accepted.append(span)
            # At one offset: closing tags first, the inner one first; then opening, the outer first.
            inserts.setdefault(first.child, []).append(((span.start - first.start, 1, -span.end, order), span.open))
            inserts.setdefault(last.child, []).append(((span.end - last.start, 0, -span.start, -order), span.close))
        elif span.fallback and first is not None and first.splittable:
            inserts.setdefault(first.child, []).append(((span.start - first.start, 1, 0, len(spans)), span.fallback))
    new_children: list[Token] = []
    for index, child in enumerate(children):
        if index not in inserts:
            new_children.append(child)
            continue
        position = 0
        # Only text children are split, and a text token is its content and level: building
        # new ones directly is much cheaper than Token.copy (dataclasses.replace).
        for (offset, *_), html in sorted(inserts[index]):
            if offset > position:
                new_children.append(Token("text", "", 0, content=child.content[position:offset], level=child.level))
            new_children.append(Token("html_inline", "", 0, content=html, level=child.level))
            position = offset
        if position < len(child.content):
            new_children.append(Token("text", "", 0, content=child.content[position:], level=child.level))
    return inline.copy(children=new_children)


def _segment_at(segments: list[Segment], offset: int, opening: bool) -> Segment | None:
    for segment in segments:
        if (segment.start <= offset < segment.end) if opening else (segment.start < offset <= segment.end):
            return segment
    return None


def _same_level(children: list[Token], first: int, last: int) -> bool:
    level = children[first].level
    return children[last].level == level and all(c.level >= level for c in children[first:last + 1])


def _inside_links(children: list[Token]) -> list[bool]:
    depth, flags = 0, []
    for child in children:
        if child.type == "link_close":
            depth -= 1
        flags.append(depth > 0)
        if child.type == "link_open":
            depth += 1
    return flags
