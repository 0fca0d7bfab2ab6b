"""Render: turn the archive into HTML pages with the project's Jinja templates.

In: an `Archive` and the templates folder. Out: `Page`s (site-relative path + bytes).
Every internal URL is relative to the page (`root` is '../' per folder level), so the
site works at a domain root, under a sub-path such as GitHub Pages' `/REPO/`, and from
a local folder. Only 404.html, served at any depth, uses the configured base path.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from briefsite.annotate import render_body
from briefsite.markdown_dialect import make_markdown
from briefsite.records import Archive, Page

# Only the site's own files; 'wasm-unsafe-eval' lets Pagefind run its WebAssembly search.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)


def make_environment(templates: Path) -> Environment:
    """Jinja environment: autoescaping on, and an undefined name is an error, not ''."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_site(archive: Archive, templates: Path) -> list[Page]:
    """Render every page of the site."""
    env = make_environment(templates)
    md = make_markdown()
    config = archive.config

    def page(path: str, template: str, section: str, root: str | None = None, **context) -> Page:
        depth = path.count("/")
        context.setdefault("description", config.description)
        context.setdefault("canonical", _canonical(config.base_url, path))
        html = env.get_template(template).render(
            site=config,
            lang=config.language,
            csp=CONTENT_SECURITY_POLICY,
            root="../" * depth if root is None else root,
            section=section,
            build_date=archive.build_date,
            **context,
        )
        return Page(path=path, content=html.encode("utf-8"))

    pages = [
        page("index.html", "home.html", "home", articles=archive.articles),
        page("search/index.html", "search.html", "search"),
        # Served in place of any missing page, at any depth: relative links cannot work there.
        page("404.html", "404.html", "404", root=config.base_path, canonical=None),
    ]
    for article in archive.articles:
        pages.append(page(f"articles/{article.slug}/index.html", "article.html", "article",
                          article=article, meta=article.meta, body_html=render_body(md, article.tokens, {}),
                          description=article.meta.summary or config.description))
    return pages


def _canonical(base_url: str, path: str) -> str | None:
    if not base_url:
        return None
    return base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)
