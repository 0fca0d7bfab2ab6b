"""First contact: the README's two commands (set up and build, run the tests) as a new user
pastes them on a fresh Debian 12, where Python is `python3` and its pip refuses to install
outside a virtual environment (PEP 668); and CI running exactly the README's test command."""

from __future__ import annotations

import re

import pytest

from conftest import REPO

SET_UP = "## Set up and build"
TESTS = "## Run the tests"


def _command(heading: str) -> str:
    """The one-line shell command in the first code block after `heading` in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(heading):]
    block = re.search(r"```sh\n(.*?)\n```", section, re.S).group(1)
    assert "\n" not in block, f"{heading}: one command, to paste as it is"
    return block


def test_ci_runs_exactly_the_readme_test_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert script[-1] == _command(TESTS)


@pytest.mark.parametrize("heading", [SET_UP, TESTS])
def test_a_readme_command_installs_into_a_virtual_environment_of_debian_python3(heading):
    steps = [step.strip() for step in _command(heading).split("&&")]
    venv = steps.index("python3 -m venv .venv")
    # Debian 12's python3 needs its python3-venv package for `python3 -m venv`.
    assert any(step.startswith("DEBIAN_FRONTEND=noninteractive apt-get install") and "python3-venv" in step
               for step in steps[:venv])
    assert steps[venv + 1] == ". .venv/bin/activate"
    # Neither pip nor `python` (which Debian does not have) runs before the environment is active.
    assert not [step for step in steps[:venv + 2] if re.match(r"(pip|python)\b", step)]
    assert [step for step in steps[venv + 2:] if step.startswith("pip install")]


def test_the_test_command_installs_debians_chromium_which_the_browser_tests_drive():
    steps = _command(TESTS).split("&&")
    assert any("apt-get install" in step and re.search(r"\bchromium\b", step) for step in steps)
    assert "playwright install" not in _command(TESTS)
