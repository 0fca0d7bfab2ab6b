"""Diagnostics: every problem the build finds, with the place it was found.

A diagnostic is created where the problem is seen, carrying its file and line, and is
collected rather than raised, so one build reports every problem at once. Only the CLI
prints them. This module imports nothing of briefsite's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the input, formatted as `path:line: severity: message`."""

    path: str
    """The file, relative to the project root where possible (posix separators)."""
    line: int
    """1-based line in that file; 0 when the problem concerns the file as a whole."""
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str | PurePath, line: int, message: str) -> Diagnostic:
    return Diagnostic(_posix(path), line, Severity.ERROR, message)


def warning(path: str | PurePath, line: int, message: str) -> Diagnostic:
    return Diagnostic(_posix(path), line, Severity.WARNING, message)


def quote(value: object) -> str:
    """A bad value as a message quotes it: its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _posix(path: str | PurePath) -> str:
    return PurePath(path).as_posix()


class BuildFailed(Exception):
    """Raised by the pipeline when input errors stop the build; carries all diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{sum(d.is_error for d in diagnostics)} error(s)")
        self.diagnostics = diagnostics


class UsageError(Exception):
    """A problem with how briefsite was invoked (bad option, unsafe output folder)."""
