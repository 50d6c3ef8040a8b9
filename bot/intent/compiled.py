"""The families' regular expressions, compiled once per machine instead of once per process.

The wording families (`families/`) become a few hundred kilobytes of regular expression, and
Python's `re` spends most of `cooloff classify`'s start-up parsing them. What `re` makes of a
pattern (its program: a list of integers for the C matcher) depends only on the pattern text
and the Python build, so it is kept in a file, keyed by the exact pattern text, and handed to
the matcher directly next time. A pattern read this way is the very object `re.compile`
builds: equal to it (`==` compares flags, text and program), the same matches.

The file lives in `$COOLOFF_CACHE_DIR`, else `$XDG_CACHE_HOME/cooloff`, else
`~/.cache/cooloff` (nowhere without a home); its name carries the Python build and the
matcher's version, so another Python never reads it. Set `COOLOFF_CACHE_DIR=off` to do
without. A missing, unreadable or unwritable file only costs time: every pattern is then
compiled as usual. Each file is rewritten with exactly the patterns of one load, so patterns
no family uses any more leave it.

This uses `re`'s internals (`re._parser`, `re._compiler`, `_sre.compile`) the way
`re._compiler.compile` does; where they are not as expected, plain `re.compile` is used.
"""

from __future__ import annotations

import importlib
import logging
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_BUILD: str | None
try:  # CPython's matcher (no type stubs: private); elsewhere patterns compile as usual
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
    _BUILD = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-sre{_sre.MAGIC}-{_sre.CODESIZE}"
    if array("I").itemsize != _sre.CODESIZE:  # pragma: no cover - an unusual build
        _BUILD = None
except (ImportError, AttributeError):  # pragma: no cover - not CPython
    _BUILD = None

_FORMAT = 1  # of the file; raise it when `Program` changes

# What one pattern keeps: flags, program (its code words as bytes), group count, group names,
# names by group number.
Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def cache_dir() -> Path | None:
    """Where the compiled programs are kept, or None when keeping them is off."""
    env = os.environ.get("COOLOFF_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "none") else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # a relative one is to be ignored (XDG base directory spec)
        return Path(xdg) / "cooloff"
    home = os.path.expanduser("~")  # stays "~" when there is no home to be found
    return Path(home) / ".cache" / "cooloff" if os.path.isabs(home) else None


class Programs:
    """The compiled programs of one set of families ("crisis", "contact"), read at once,
    written back by `save` when the set changed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path if _BUILD is not None else None
        self._old: dict[str, Program] = {}
        self._new: dict[str, Program] = {}
        self._missed = 0
        if self.path is not None:
            try:
                loaded = marshal.loads(self.path.read_bytes())
                if isinstance(loaded, dict):
                    self._old = loaded
            except (OSError, EOFError, ValueError, TypeError):
                self._old = {}

    @classmethod
    def named(cls, name: str) -> Programs:
        folder = cache_dir()
        if folder is None or _BUILD is None:
            return cls(None)
        return cls(folder / f"{name}-regex{_FORMAT}-{_BUILD}.marshal")

    def compile(self, pattern: str) -> re.Pattern[str]:
        """`re.compile(pattern)`, from the kept program when there is one."""
        if self.path is None:
            return re.compile(pattern)
        kept = self._old.get(pattern)
        if kept is not None:
            try:
                compiled = _from_program(pattern, kept)
            except (TypeError, ValueError, RuntimeError):
                pass  # not a program this module wrote: compiled anew below
            else:
                self._new[pattern] = kept
                return compiled
        self._missed += 1
        try:
            program = _program(pattern)
            compiled = _from_program(pattern, program)
        except re.error:
            raise
        except Exception:  # re's internals are not as this module expects
            log.debug("regex program cache unusable; compiling as usual", exc_info=True)
            self.path = None
            return re.compile(pattern)
        self._new[pattern] = program
        return compiled

    def save(self) -> None:
        """Write the programs of this load when any was compiled anew or is no longer used;
        a failure to write is ignored (the next start compiles again)."""
        path = self.path
        new, unchanged = self._new, not self._missed and len(self._new) == len(self._old)
        self._old, self._new, self._missed = {}, {}, 0
        if path is None or unchanged:
            return
        try:
            data = marshal.dumps(new)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            log.debug("could not keep the compiled regexes in %s", path, exc_info=True)


def _program(pattern: str) -> Program:
    """What `re._compiler.compile` hands the matcher for `pattern` (flags 0)."""
    parsed = _parser.parse(pattern, 0)
    code = array("I", _compiler._code(parsed, 0)).tobytes()
    state = parsed.state
    groupindex: dict[str, int] = dict(state.groupdict)
    indexgroup: list[str | None] = [None] * state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(state.flags), code, int(state.groups) - 1, groupindex, tuple(indexgroup))


def _from_program(pattern: str, program: Program) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = program
    words = array("I", code).tolist()
    compiled: re.Pattern[str] = _sre.compile(pattern, flags, words, groups, groupindex, indexgroup)
    return compiled
