"""The families' compiled expressions kept between runs (bot/intent/compiled.py): a pattern
read back from the file is the very pattern `re.compile` makes, and a missing, broken or
unwritable file only costs time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.intent import compiled, contact, crisis, families_contact
from bot.intent.compiled import Programs


def _patterns(fams: crisis.Families) -> list[re.Pattern[str]]:
    out: list[re.Pattern[str]] = []
    for f in (*fams.crisis, *fams.negative.values()):
        out += [f.regex, *f.requires, *f.subject.values()]
        out += [r for r in (f.legacy, f.exceptions, f.unless) if r is not None]
    return out


def _cache_file(folder: Path, name: str) -> Path:
    (path,) = folder.glob(f"{name}-regex*.marshal")
    return path


def test_shipped_families_read_back_equal_to_re_compile(tmp_path: Path) -> None:
    """Cold (compiled and written) and warm (read back): every expression of every shipped
    family equals `re.compile` of its text; == compares flags, text and the program."""
    for _ in range(2):
        fams = crisis.load(crisis.FAMILIES, programs := Programs(tmp_path / "crisis.marshal"))
        programs.save()
        contact = families_contact.load(
            families_contact.FOLDER, programs := Programs(tmp_path / "contact.marshal")
        )
        programs.save()
        regexes = _patterns(fams) + [f.regex for f in contact]
        regexes += [f.exceptions for f in contact if f.exceptions is not None]
        assert len(regexes) > 100
        for r in regexes:
            assert r == re.compile(r.pattern), r.pattern[:80]
        assert (tmp_path / "crisis.marshal").stat().st_size > 0


def test_the_clause_rules_are_the_expressions_re_compile_makes() -> None:
    """contact.py compiles its clause rules through the kept programs at import."""
    rules = [v for v in vars(contact).values() if isinstance(v, re.Pattern)]
    assert len(rules) >= 40
    for r in rules:
        assert r == re.compile(r.pattern), r.pattern[:80]


def test_a_read_back_pattern_matches_as_compiled(tmp_path: Path) -> None:
    src = r"(?: i (?:want|wanna) to (?P<verb>die|sleep))(?= )|(?i:HELLO)"
    first = Programs(tmp_path / "p")
    first.compile(src)
    first.save()
    back = Programs(tmp_path / "p").compile(src)
    assert back == re.compile(src)
    assert back.groupindex == {"verb": 1}
    m = back.search(" so i want to die ")
    assert m is not None and m.group("verb") == "die"
    assert back.search("hello") is not None


def test_a_broken_file_is_compiled_again_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "p"
    path.write_bytes(b"\x00not marshal at all")
    programs = Programs(path)
    assert programs.compile("a|b") == re.compile("a|b")
    programs.save()
    assert Programs(path).compile("a|b") == re.compile("a|b")


def test_patterns_no_longer_used_leave_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p"
    programs = Programs(path)
    programs.compile("old")
    programs.compile("kept")
    programs.save()
    size = path.stat().st_size
    programs = Programs(path)
    programs.compile("kept")
    programs.save()
    assert path.stat().st_size < size


def test_an_unwritable_place_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    programs = Programs(blocker / "sub" / "p")  # a folder under a file cannot be made
    assert programs.compile("x+") == re.compile("x+")
    programs.save()


def test_a_bad_expression_still_raises(tmp_path: Path) -> None:
    with pytest.raises(re.error):
        Programs(tmp_path / "p").compile("(unclosed")


def test_where_the_file_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOLOFF_CACHE_DIR", "off")
    assert compiled.cache_dir() is None
    assert Programs.named("crisis").path is None
    monkeypatch.setenv("COOLOFF_CACHE_DIR", str(tmp_path))
    assert compiled.cache_dir() == tmp_path
    monkeypatch.delenv("COOLOFF_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert compiled.cache_dir() == tmp_path / "home" / ".cache" / "cooloff"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert compiled.cache_dir() == tmp_path / "xdg" / "cooloff"
    crisis.families.cache_clear()
    try:
        crisis.families()
    finally:
        crisis.families.cache_clear()
    assert _cache_file(tmp_path / "xdg" / "cooloff", "crisis").stat().st_size > 0
