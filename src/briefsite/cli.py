"""Command line: `python -m briefsite build|import|new|actors|eval`, and `python build.py`.

The only module that prints or sets an exit status: 0 success, 1 content errors,
2 usage errors.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from briefsite import __version__
from briefsite.diagnostics import BuildFailed, Diagnostic, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit is 2 with usage: keep, but no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="briefsite", description="Build a briefing archive as a static site.")
    parser.add_argument("--version", action="version", version=f"briefsite {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    build = sub.add_parser("build", help="build content/ into a static site (default)")
    build.add_argument("--out", type=Path, help="output folder (default: _site)")
    build.add_argument("--base-url", help="absolute URL the site is published at, e.g. https://example.org/REPO/")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--drafts", action="store_true", help="also build briefings marked draft: true")
    build.add_argument("--timings", action="store_true", help="print how long each stage took")
    build.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    build.add_argument("--no-cache", action="store_true",
                       help="tag every briefing afresh instead of reusing unchanged ones' tags")
    build.add_argument("--serve", action="store_true",
                       help="build, serve on http://127.0.0.1:PORT/, rebuild and reload pages on every change")
    build.add_argument("--port", type=int, default=8000, help="port for --serve (0 picks a free one)")
    build.add_argument("--root", type=Path, help="project folder (default: the current folder)")

    imp = sub.add_parser("import", help="turn scraped article text or a saved web page (.html) "
                                         "into content/articles/<slug>.md")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE",
                     help="a text file, or a page saved from a browser (\"Save page as… HTML only\")")
    imp.add_argument("--out", type=Path, default=Path("content/articles"), help="folder to write into")
    imp.add_argument("--force", action="store_true", help="overwrite an existing article file")
    new = sub.add_parser("new", help="write a new briefing with every front-matter field ready to fill")
    new.add_argument("title")
    new.add_argument("--root", type=Path, help="project folder (default: the current folder)")

    actors = sub.add_parser("actors", help="work with the actor registry (content/actors.yaml)")
    actors_sub = actors.add_subparsers(dest="actors_command", required=True, parser_class=_Parser)
    suggest = actors_sub.add_parser("suggest", help="print registry entries for actors the registry lacks")
    suggest.add_argument("--root", type=Path, help="project folder (default: the current folder)")

    evaluate = sub.add_parser("eval", help="score the importer and taggers against hand-labelled pages")
    evaluate.add_argument("folder", type=Path, metavar="FIXTURES_DIR",
                          help="a folder of NAME.txt pages, each with NAME.labels.yaml")
    evaluate.add_argument("--html", action="store_true",
                          help="import each page's saved NAME.html with the HTML importer instead of NAME.txt")
    evaluate.add_argument("--summary", action="store_true",
                          help="print the scores only, not the misses and false hits (for a locked set)")
    evaluate.add_argument("--root", type=Path, help="project whose actor registry to use (default: the current folder)")
    return parser


def main(argv: list[str] | None = None, project_root: Path | None = None, end_process: bool = False) -> int:
    """Run briefsite with `argv`; return the exit status. With `end_process`, a successful
    build ends the process itself, without freeing the archive object by object (most of a
    second at 10,000 briefings): for the command line, where nothing comes after."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # `build` is the default command: `python build.py --out x` means `briefsite build --out x`.
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")
    args = _parser().parse_args(argv)
    try:
        if args.command == "import":
            return _import(args)
        if args.command == "actors":
            return _suggest_actors(args, project_root)
        if args.command == "new":
            return _new(args, project_root)
        if args.command == "eval":
            return _evaluate(args, project_root)
        return _build(args, project_root, end_process)
    except UsageError as exc:
        print(f"briefsite: error: {exc}", file=sys.stderr)
        return 2


def command() -> int:
    """The `briefsite` command and `python -m briefsite`: `main` in a process that ends with it."""
    return main(end_process=True)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _build(args: argparse.Namespace, project_root: Path | None, end_process: bool = False) -> int:
    from briefsite.pipeline import BuildOptions, build_site

    root = (args.root or project_root or Path.cwd()).resolve()
    out = args.out if args.out is None or args.out.is_absolute() else Path.cwd() / args.out
    if args.serve:
        from briefsite.serve import serve

        # Two previews of one project take turns to rebuild, rather than fail.
        options = BuildOptions(root=root, out=out, base_url=args.base_url, strict=args.strict, drafts=args.drafts,
                               cache=not args.no_cache, wait=True)
        try:
            serve(options, port=args.port, report=lambda line: print(line, flush=True))
        except KeyboardInterrupt:
            print("briefsite: stopped serving", file=sys.stderr)
        return 0
    started = time.perf_counter()
    with _progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        options = BuildOptions(
            root=root,
            out=out,
            base_url=args.base_url,
            strict=args.strict,
            drafts=args.drafts,
            cache=not args.no_cache,
            progress=progress,
        )
        try:
            report = build_site(options)
        except BuildFailed as failed:
            failure = failed
        except KeyboardInterrupt:
            print("briefsite: build interrupted; the previous site was left as it was", file=sys.stderr)
            return 130
        else:
            failure = None
    if failure is not None:
        _print_diagnostics(failure.diagnostics)
        print(f"briefsite: build failed with {_failures(failure.diagnostics, args.strict)}; "
              "the previous site was left as it was", file=sys.stderr)
        return 1
    _print_diagnostics(report.diagnostics)
    if args.timings:
        for stage, seconds in report.timings:
            print(f"{stage:>13}  {seconds:7.3f} s", file=sys.stderr)
    if not args.quiet:
        warnings = len(report.diagnostics)
        print(f"built {report.articles} articles ({report.actors} actors, {report.claims} claims, "
              f"{report.dates} dates) into {report.pages} pages in {report.out}, "
              f"{warnings} warning{'' if warnings == 1 else 's'}, {time.perf_counter() - started:.2f} s")
    if end_process:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # `report` still holds the archive: it is never freed, only dropped with the process
    return 0


def _failures(diagnostics: list[Diagnostic], strict: bool) -> str:
    """What failed a build, counted: its errors, and under --strict its warnings."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not (strict and warnings):
        return f"{errors} error(s)"
    counted = f"{warnings} warning(s), which count as errors under --strict"
    return f"{errors} error(s) and {counted}" if errors else counted


@contextmanager
def _progress(enabled: bool):
    """A progress line on a terminal (rich), nothing when output goes to a file or pipe."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from briefsite.pipeline import STAGES

    with Progress(TextColumn("{task.description:>13}"), BarColumn(), TimeElapsedColumn(),
                  transient=True, console=None) as bar:
        task = bar.add_task("build", total=len(STAGES))

        def advance(stage: str) -> None:
            bar.update(task, description=stage, completed=STAGES.index(stage) if stage in STAGES else 0)

        yield advance


def _new(args: argparse.Namespace, project_root: Path | None) -> int:
    from briefsite.scaffold import new_article

    root = (args.root or project_root or Path.cwd()).resolve()
    try:
        path = new_article(root, args.title, date.today())
    except OSError as exc:
        print(f"{_relative(exc.filename, root)}: error: cannot write the briefing: {_reason(exc)}", file=sys.stderr)
        return 1
    print(path.relative_to(root))
    print(f"{path.relative_to(root)}: note: a draft, left out of the site until you delete its line "
          "'draft: true'", file=sys.stderr)
    return 0


def _reason(exc: OSError) -> str:
    """What went wrong writing a file, and what to do about it."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{exc.strerror}; free some space and try again (nothing was written)"
    return f"{exc.strerror or exc} (nothing was written)"


def _relative(name: str | None, root: Path) -> str:
    if not name:
        return "briefsite"
    path = Path(os.fsdecode(name))
    return path.relative_to(root).as_posix() if root in path.parents else str(path)


def _import(args: argparse.Namespace) -> int:
    from briefsite.importer import import_article
    from briefsite.importer.html import NoArticleText, import_html, is_html_page
    from briefsite.write import write_whole_file

    status = 0
    args.out.mkdir(parents=True, exist_ok=True)
    for source in args.files:
        try:
            raw = source.read_bytes()
        except OSError as exc:
            print(f"{source}: error: cannot read: {exc.strerror}", file=sys.stderr)
            status = 1
            continue
        try:
            html = is_html_page(raw, source.name)
            imported = import_html(raw, source.name) if html else import_article(raw, source.name)
        except NoArticleText as refused:
            print(f"{source}: error: {refused}; nothing imported", file=sys.stderr)
            status = 1
            continue
        target = args.out / f"{imported.slug}.md"
        if target.exists() and not args.force:
            print(f"{target}: error: already exists; pass --force to overwrite it", file=sys.stderr)
            status = 1
            continue
        try:
            write_whole_file(target, imported.text, overwrite=args.force)
        except OSError as exc:
            print(f"{target}: error: cannot write the briefing: {_reason(exc)}", file=sys.stderr)
            status = 1
            continue
        for note in imported.review:
            print(f"{target}: warning: needs review: {note}", file=sys.stderr)
        print(target)
    return status


def _evaluate(args: argparse.Namespace, project_root: Path | None) -> int:
    from briefsite.evaluation import evaluate, format_report

    if not args.folder.is_dir():
        raise UsageError(f"{args.folder}: not a folder")
    report = evaluate(args.folder, (args.root or project_root or Path.cwd()).resolve(), html=args.html)
    if not report.pages:
        page = "NAME.html" if args.html else "NAME.txt"
        raise UsageError(f"{args.folder}: no labelled pages ({page} beside NAME.labels.yaml)")
    print(format_report(report, differences=not args.summary), end="")
    return 0


def _suggest_actors(args: argparse.Namespace, project_root: Path | None) -> int:
    from briefsite.pipeline import untracked_actors
    from briefsite.registry import suggest_entries

    root = (args.root or project_root or Path.cwd()).resolve()
    try:
        actors, _ = untracked_actors(root)
    except BuildFailed as failed:
        _print_diagnostics(failed.diagnostics)
        return 1
    if not actors:
        print("# every actor the briefings name is in content/actors.yaml", file=sys.stderr)
        return 0
    print(suggest_entries(actors), end="")
    return 0
