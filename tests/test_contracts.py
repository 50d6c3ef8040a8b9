"""Limits that must hold for every platform: action ids, words, layering."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot import actions
from bot.content.library import Library
from bot.messages import MAX_ACTION_BYTES

ROOT = Path(__file__).resolve().parent.parent


def test_every_action_id_fits_telegram_callback_data() -> None:
    longest_zone = "America/Argentina/ComodRivadavia"
    big = 10**15
    samples = [
        actions.encode(actions.URGE, big, "t", "breathe"),
        actions.encode(actions.URGE, big, "g", "profile"),
        actions.encode(actions.SLIP, big, "k", "limited"),
        actions.encode(actions.ONBOARD, "tz", longest_zone),
        actions.encode(actions.CHECKIN, "20261122", "h", "limited"),
        actions.encode(actions.DELETE, "yes", "ffffffff"),
        actions.encode(actions.REVIEW, big, "move_on"),
    ]
    assert all(len(s.encode()) <= MAX_ACTION_BYTES for s in samples)


def test_every_text_the_code_asks_for_exists() -> None:
    lib = Library.load("en")
    used: set[str] = set()
    for path in [*(ROOT / "bot").glob("*.py"), *(ROOT / "bot" / "flows").glob("*.py")]:
        used |= set(re.findall(r'\b(?:t|ui)\("([a-z][a-z_0-9]+)"', path.read_text()))
    # Keys built from a prefix and a value.
    for prefix, values in {
        "btn_tool_": actions.TOOLS,
        "btn_outcome_": actions.OUTCOMES,
        "btn_trigger_": actions.TRIGGERS,
        "checkin_mood_": ("1", "2", "3"),
        "btn_held_": ("yes", "limited", "no"),
        "btn_slip_": ("reset", "limited"),
        "slip_already_": ("reset", "limited"),
        "review_": ("move_on", "resume"),
    }.items():
        used |= {prefix + v for v in values}
    from bot.flows.onboarding import STEP_BY_KEY

    used |= {f"ob_{k}_ok" for k in STEP_BY_KEY if k != "reasons"} | {
        s.ask for s in STEP_BY_KEY.values()
    }
    data_keys = {"await", "single", "step", "urge_id", "slip_id", "prompt_id", "nonce"}
    missing = sorted(k for k in used - data_keys if not lib.has_ui(k))
    assert missing == []


def test_the_core_never_imports_a_platform_or_the_scheduler() -> None:
    banned = ("telegram", "discord", "apscheduler", "adapters", "scheduler")
    for path in (ROOT / "bot").rglob("*.py"):
        if path.name == "cli.py":
            continue  # the command line is a composition root, not a rule
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in banned, f"{path} imports {name}"
