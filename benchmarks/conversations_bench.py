"""Replay every written conversation and count what issue 15 asks about.

Run: `.venv/bin/python benchmarks/conversations_bench.py [--show NAME] [--dir DIR]`

Per conversation and in all (definitions in tests/conversation_replay.py):

- free-text turns answered by the generic fallback: of the typed lines that were neither a
  command nor a button press (a typed label or number that pressed a shown button is a
  press), those whose answer includes the fallback (reply kind "fallback");
- identical consecutive answers: turns whose whole answer is the previous turn's, or that
  contain a message word for word the message sent just before it (in the same answer or
  the last of the previous one); a turn counts once;
- drafts lost: an `#! draft:` text not found in the saved drafts at the end;
- typed answers dropped inside a step: an `#! answer` turn that the step did not take:
  nothing came back, or only the fallback, a situation answer or the other-language note;
- contacts not logged: `#! contact` with no slip row logged for it (counted from a /slip
  just before it, up to two turns after); crisis answers missed: `#! crisis` without a
  crisis answer.

A conversation that starts mid-plan (`#! day N`) is replayed for a person already set up on
that day, not a stranger. `--show` prints one conversation turn by turn, to read as the
person would; `--dir` replays another folder (the hidden conversations).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conversation_replay import CONVERSATIONS, Replay, replay  # noqa: E402


def contacts_missed(r: Replay) -> int:
    """`#! contact` turns with no slip row logged for them: none new since just before the
    turn, or since a /slip typed up to three turns earlier (the row is made when /slip
    opens, before the person says what happened), nor in the two turns after."""
    missed = 0
    for n, turn in enumerate(r.turns):
        if "contact" not in turn.expects:
            continue
        start = n
        for back in range(max(0, n - 3), n):
            if r.turns[back].text.strip().startswith("/slip"):
                start = back
                break
        before = r.turns[start - 1].slips_after if start > 0 else 0
        after = max(t.slips_after for t in r.turns[n : n + 3])
        missed += after <= before
    return missed


def crisis_missed(r: Replay) -> int:
    return sum(
        1
        for t in r.turns
        if "crisis" in t.expects and not any(x.kind == "crisis" for x in t.replies)
    )


def show(r: Replay) -> None:
    for t in r.turns:
        mark = " [button]" if t.pressed else ""
        print(f"you> {t.text}{mark}")
        for reply in t.replies:
            labels = " | ".join(b.label for b in reply.all_buttons)
            print("bot> " + reply.text.replace("\n", "\n     "))
            if labels:
                print(f"     [{labels}]")
        print()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print this conversation (file stem) turn by turn")
    parser.add_argument("--dir", type=Path, default=CONVERSATIONS)
    args = parser.parse_args()
    paths = sorted(args.dir.glob("*.txt"))
    if args.show:
        paths = [p for p in paths if p.stem == args.show or p.stem.startswith(args.show)]
    totals = {"free": 0, "fallback": 0, "repeats": 0, "drafts": 0, "lost": 0, "answers": 0,
              "dropped": 0, "contacts": 0, "contact_missed": 0, "crisis_missed": 0,
              "situation": 0}
    print(f"{'conversation':32} free fallback repeats drafts-lost dropped contact-missed")
    with tempfile.TemporaryDirectory() as tmp:
        for n, path in enumerate(paths):
            r = await replay(path, f"sqlite:///{tmp}/c{n}.db")
            if args.show:
                show(r)
            free = [t for t in r.turns if t.free_text]
            fallback = sum(t.fallback for t in free)
            lost, dropped = r.drafts_lost(), r.dropped_answers()
            contacts = sum("contact" in t.expects for t in r.turns)
            row = (len(free), fallback, r.repeats(), len(lost), len(dropped), contacts_missed(r))
            print(f"{r.name:32} {row[0]:4} {row[1]:8} {row[2]:7} {row[3]:11} {row[4]:7}", end="")
            print(f" {row[5]:14}")
            totals["free"] += len(free)
            totals["fallback"] += fallback
            totals["situation"] += sum(
                any(x.kind == "situation" for x in t.replies) for t in free
            )
            totals["repeats"] += r.repeats()
            totals["drafts"] += len(r.wanted_drafts)
            totals["lost"] += len(lost)
            totals["answers"] += sum("answer" in t.expects for t in r.turns)
            totals["dropped"] += len(dropped)
            totals["contacts"] += contacts
            totals["contact_missed"] += contacts_missed(r)
            totals["crisis_missed"] += crisis_missed(r)
    free = max(1, totals["free"])
    print()
    print(f"conversations: {len(paths)}")
    print(f"free-text turns answered by the fallback: {totals['fallback']}/{totals['free']}"
          f" = {totals['fallback'] / free:.1%} (target <= 10%)")
    print(f"free-text turns answered for their situation: {totals['situation']}")
    print(f"identical consecutive answers: {totals['repeats']} (target 0)")
    print(f"drafts lost: {totals['lost']}/{totals['drafts']} (target 0)")
    dropped = f"{totals['dropped']}/{totals['answers']}"
    print(f"typed answers dropped inside a step: {dropped} (target 0)")
    print(f"contacts not logged: {totals['contact_missed']}/{totals['contacts']}")
    print(f"crisis answers missed: {totals['crisis_missed']}")


if __name__ == "__main__":
    asyncio.run(main())
