"""What a reader pays for the search index: times and bytes on a cold tab, served locally.

    python bench/search_reader.py SITE WORD [--filter KEY=VALUE] [--trials N]

SITE is a built site, served under /briefsite/ as in the tests. Each trial opens a fresh
browser context (empty cache) and measures, in milliseconds, in the page itself (from the
event to the first animation frame after the first result is in the page, so the figure is
what the reader sees, not when the test driver notices):
  ready    opening the search page until the index is loaded (filters shown);
  typed    typing WORD on that ready page, from the last keystroke until the first result
           shows (the page waits for typing to stop before it searches; that wait is included);
  linked   opening search/?q=WORD until the first result shows;
  browse   opening search/?KEY=VALUE (filters only: sorted newest first) until the first result;
and the bytes fetched from pagefind/ for each. Medians over the trials are printed as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

FIRST_RESULT = ".search-results > li"
READY = ".search-results-wrap[aria-busy='false']"
# Notes, in the page, when the last keystroke came and the frame in which a first result showed.
TIMER = """
window.__timing = {};
document.addEventListener("input", () => {
  window.__timing.input = performance.now();
  delete window.__timing.shown;
}, true);
new MutationObserver(() => {
  if (window.__timing.shown === undefined && document.querySelector("%s")) {
    window.__timing.shown = null;
    requestAnimationFrame(() => (window.__timing.shown = performance.now()));
  }
}).observe(document, { childList: true, subtree: true });
""" % FIRST_RESULT


def _shown(page) -> float:
    # Polled from here: the site's Content Security Policy forbids wait_for_function's eval.
    while not (shown := page.evaluate("window.__timing.shown")):
        page.wait_for_timeout(10)
    return shown


def trial(browser, url: str, word: str, browse: str | None) -> dict:
    measured = {}

    def fresh_page():
        context = browser.new_context()
        context.add_init_script(TIMER)
        page = context.new_page()
        fetched = []
        page.on("requestfinished", lambda request: "/pagefind/" in request.url and fetched.append(
            request.sizes()["responseBodySize"]))
        return context, page, fetched

    context, page, fetched = fresh_page()
    page.goto(url + "search/")
    page.wait_for_selector(READY)
    measured["ready_ms"] = page.evaluate("performance.now()")  # from the start of navigation
    measured["ready_bytes"] = sum(fetched)
    before = sum(fetched)
    page.type("#q", word, delay=0)
    measured["typed_ms"] = _shown(page) - page.evaluate("window.__timing.input")
    page.wait_for_selector(READY)
    measured["typed_bytes"] = sum(fetched) - before
    context.close()

    for name, query in (("linked", {"q": word}), ("browse", dict([browse.split("=", 1)]) if browse else None)):
        if query is None:
            continue
        context, page, fetched = fresh_page()
        page.goto(url + "search/?" + urlencode(query))
        measured[f"{name}_ms"] = _shown(page)  # from the start of navigation
        page.wait_for_selector(READY)
        measured[f"{name}_bytes"] = sum(fetched)
        measured[f"{name}_results"] = page.locator(".search-status").inner_text().split(" ")[0]
        context.close()
    return measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("word")
    parser.add_argument("--filter", dest="browse")
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            trial(browser, url, args.word, args.browse)  # warm up the server and the browser's start
            trials = [trial(browser, url, args.word, args.browse) for _ in range(args.trials)]
            browser.close()
    finally:
        server.shutdown()
    parts = 1 + sum(map(len, json.loads((args.site / "pagefind" / "parts.json").read_text())["workers"]))
    medians = {key: round(statistics.median([t[key] for t in trials])) if isinstance(value, float | int) else value
               for key, value in trials[0].items()}
    print(json.dumps({"site": str(args.site), "parts": parts, "word": args.word, **medians}))


if __name__ == "__main__":
    main()
