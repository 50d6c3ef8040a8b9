"""Contact families as data: `bot/intent/families/contact/*.toml` (docs/detector.md).

Each family is one entry: its intent (urge, slip, ex_reached_out), what it means, its
patterns (the pattern language of `wording.py`: vocabularies as {name}, verb forms from
<lemma>), exceptions that take a match in the same sentence back, and its own examples and
counter-examples, which run as tests (tests/test_intent_families.py). Shared vocabularies
(the ex by role, means and channels, wishes) live once in `vocab.toml`.

A family hit is evidence, not a verdict: the hits are features of the learned contact model
(`features.py`), which weighs them against the words and their order. Nothing depends on a
family's name; renaming one changes no behaviour (only the weights file refers to names, and
`train_intent.py` rewrites it).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from bot.intent.compiled import Programs
from bot.intent.normalise import spell
from bot.intent.wording import Compiler, PatternError, fold

FOLDER = Path(__file__).resolve().parent / "families" / "contact"
INTENTS = ("urge", "slip", "ex_reached_out", "none")


@dataclass(frozen=True)
class ContactFamily:
    name: str
    intent: str
    meaning: str
    regex: re.Pattern[str]
    exceptions: re.Pattern[str] | None
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    source: str

    def fires(self, sentence: str) -> bool:
        text = " " + " ".join(fold(sentence).split()) + " "
        if not self.regex.search(text):
            return False
        return not (self.exceptions and self.exceptions.search(text))


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load(folder: Path = FOLDER, programs: Programs | None = None) -> tuple[ContactFamily, ...]:
    """Read and compile every contact family; a broken one raises at once. `programs`
    keeps the compiled expressions between runs (`compiled.py`)."""
    shared = _read(folder / "vocab.toml")
    irregular = {k: list(v) for k, v in shared.get("irregular", {}).items()}
    out: list[ContactFamily] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name == "vocab.toml":
            continue
        data = _read(path)
        for raw in data.get("family", []):
            vocab = {**shared.get("vocab", {}), **raw.get("vocab", {})}
            comp = Compiler(vocab, irregular, spell, programs)
            try:
                intent = str(raw["intent"])
                if intent not in INTENTS:
                    raise PatternError(f"intent must be one of {INTENTS}, not {intent!r}")
                exc = list(raw.get("exceptions", []))
                out.append(
                    ContactFamily(
                        name=str(raw["name"]),
                        intent=intent,
                        meaning=str(raw.get("meaning", "")),
                        regex=comp.compile(list(raw["patterns"])),
                        exceptions=comp.compile(exc) if exc else None,
                        examples=tuple(raw.get("examples", [])),
                        counter_examples=tuple(raw.get("counter_examples", [])),
                        source=path.name,
                    )
                )
            except (PatternError, KeyError, re.error) as err:
                raise PatternError(f"{path.name}: {err}") from err
    names = [f.name for f in out]
    if len(names) != len(set(names)):
        raise PatternError("two contact families share a name")
    return tuple(out)


@cache
def families() -> tuple[ContactFamily, ...]:
    programs = Programs.named("contact")
    out = load(FOLDER, programs)
    programs.save()
    return out


def family_hits(parts: Sequence[str]) -> list[ContactFamily]:
    """The families that fire on any sentence of the message, in file order."""
    return list(_hits(tuple(parts)))


@lru_cache(maxsize=32)  # features and the decision's reason ask about the same message
def _hits(parts: tuple[str, ...]) -> tuple[ContactFamily, ...]:
    return tuple(f for f in families() if any(f.fires(p) for p in parts))
