"""Processes a build starts die with it.

A build runs worker processes (parsing and tagging), forked copies of itself (the ledger, the
data files, the search index) and Pagefind. Killed (kill -9, an out-of-memory kill, a closed
terminal), a build gets no chance to stop them, and they would go on writing into a staging
folder nobody will publish. So each asks the kernel, as it starts, to be killed when the process
that started it ends (Linux's PR_SET_PDEATHSIG). Where that is missing (not Linux), nothing is
done; a later build still ignores what they leave.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal

PR_SET_PDEATHSIG = 1


def _load_prctl():
    # Looked up once, here, so that the call made in a child between fork and exec (preexec_fn)
    # does no more than call it.
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


def die_with_parent(parent: int) -> None:
    """In a child process just started by process `parent`: have it killed when its parent ends,
    and end it now if the parent has ended already (between the fork and this call)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
