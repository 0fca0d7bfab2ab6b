"""Incremental builds: tags kept from earlier builds make a build faster, never different.
An edited, added or renamed briefing, a changed registry, or a stale or corrupt cache entry
gives exactly the site a clean build gives."""

from __future__ import annotations

import json

from conftest import article

REGISTRY = "- id: claudia-sheinbaum\n  name: Claudia Sheinbaum\n  kind: person\n  aliases: []\n  description: d\n"


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_as_clean_build(project):
    assert project.build("--out", str(project.root / "cached")).returncode == 0
    assert project.build("--no-cache", "--out", str(project.root / "clean")).returncode == 0
    cached, clean = _tree(project.root / "cached"), _tree(project.root / "clean")
    assert cached.keys() == clean.keys()
    assert [name for name in cached if cached[name] != clean[name]] == []


def _setup(project):
    project.registry(REGISTRY)
    for number in range(3):
        project.add(f"a{number}.md", article(title=f"Briefing {number}", body=(
            f"Claudia Sheinbaum said Mexico sent {number + 20} cartel members to the United States in 2025. "
            f"Ryan Wedding was arrested in January 2026.")))
    assert project.build().returncode == 0
    assert list((project.root / ".briefsite-cache").rglob("*.json"))


def test_editing_one_briefing_gives_the_same_site_as_a_clean_build(project):
    _setup(project)
    project.add("a1.md", article(title="Briefing 1", body="Mexico extradited 29 operatives to the United States."))
    _assert_same_as_clean_build(project)


def test_adding_and_renaming_briefings_gives_the_same_site_as_a_clean_build(project):
    _setup(project)
    (project.articles / "a2.md").rename(project.articles / "renamed.md")  # a new slug, so new claim ids
    project.add("new.md", article(title="New", body="Claudia Sheinbaum met officials on March 3, 2026."))
    _assert_same_as_clean_build(project)


def test_a_changed_registry_retags_every_briefing(project):
    _setup(project)
    project.registry(REGISTRY + "- id: ryan-wedding\n  name: Ryan Wedding\n  kind: person\n  aliases: []\n"
                                "  description: d\n")
    _assert_same_as_clean_build(project)
    data = json.loads((project.root / "cached" / "data" / "archive.json").read_text())
    assert next(a for a in data["actors"] if a["id"] == "ryan-wedding")["tracked"] is True


def test_a_corrupt_cache_is_rebuilt_not_trusted(project):
    _setup(project)
    entries = sorted((project.root / ".briefsite-cache" / "tags").rglob("*.json"))
    entries[0].write_text("{not json")
    tampered = json.loads(entries[1].read_text())
    tampered["payload"]["claims"] = []  # well-formed, but no longer matches its checksum
    entries[1].write_text(json.dumps(tampered))
    entries[2].write_bytes(entries[2].read_bytes()[:40])
    _assert_same_as_clean_build(project)


def test_no_cache_leaves_no_cache_behind(project):
    project.add("a.md", article())
    assert project.build("--no-cache").returncode == 0
    assert not (project.root / ".briefsite-cache").exists()
