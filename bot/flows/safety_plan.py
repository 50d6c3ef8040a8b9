"""/safetyplan: a safety plan written together, in the person's own words.

The seven Stanley-Brown steps, one question at a time; each can be skipped and changed
later. Answers are sealed at rest like drafts, shown whole on /safetyplan, included in
/export and erased by /delete (the table has a `user_id`, so both find it). Offered after
every crisis answer and in /helpline.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from bot import actions
from bot.content.crisis_lines import line_for
from bot.context import Ctx
from bot.flows.common import MAX_SAVED_CHARS, clean_text
from bot.messages import Reply, chunked, rows
from bot.registry import Flow

STATE = "safetyplan"
PREFIX = actions.SAFETY_PLAN


class Step(StrEnum):
    WARNING = "warning"
    SELF = "self"
    DISTRACT = "distract"
    PEOPLE = "people"
    PROS = "pros"
    SAFER = "safer"
    REASONS = "reasons"


STEPS = tuple(Step)
_SKIP_WORDS = {"skip", "pass", "next", "idk", "i don't know", "i dont know", "no idea", "nothing"}
_STOP_WORDS = {"stop", "later", "stop for now", "not now", "done", "that's it", "thats it"}


def _question(ctx: Ctx, step: Step, *, single: bool) -> Reply:
    buttons = [actions.button(ctx.t("btn_sp_skip"), PREFIX, "skip", step.value)]
    if single:
        buttons.append(actions.button(ctx.t("btn_sp_clear"), PREFIX, "clear", step.value))
    else:
        buttons.append(actions.button(ctx.t("btn_sp_stop"), PREFIX, "stop"))
    return Reply(ctx.t(f"sp_q_{step.value}"), buttons=rows(buttons), expects="safetyplan")


async def _ask(ctx: Ctx, step: Step, *, single: bool = False, prefix: str = "") -> list[Reply]:
    await ctx.go(STATE, {"step": step.value, "single": single})
    question = _question(ctx, step, single=single)
    if prefix:
        question = replace(question, text=prefix + "\n\n" + question.text)
    return [question]


async def begin(ctx: Ctx) -> list[Reply]:
    """Start at the first step not yet written (or the first, for a full plan)."""
    plan = await ctx.store.safety_plan(ctx.user.id)
    first = next((s for s in STEPS if s.value not in plan), STEPS[0])
    return await _ask(ctx, first, prefix=ctx.t("sp_intro"))


def _whole(ctx: Ctx, plan: dict[str, str]) -> str:
    parts = [ctx.t("sp_header")]
    for n, step in enumerate(STEPS, start=1):
        written = plan.get(step.value) or ctx.t("sp_unanswered")
        parts.append(f"{n}. {ctx.t(f'sp_label_{step.value}')}: {written}")
    return "\n\n".join(parts)


async def show(ctx: Ctx, _arg: str | None = None) -> list[Reply]:
    plan = await ctx.store.safety_plan(ctx.user.id)
    if not plan:
        start = actions.button(ctx.t("btn_sp_start"), PREFIX, "start")
        return [Reply(ctx.t("sp_empty"), buttons=rows([start]))]
    edit = actions.button(ctx.t("btn_sp_edit"), PREFIX, "edit")
    return [Reply(_whole(ctx, plan), buttons=rows([edit]))]


async def _after(ctx: Ctx, step: Step, note: str) -> list[Reply]:
    if ctx.data.get("single"):
        await ctx.idle()
        return [Reply(note), *await show(ctx)]
    index = STEPS.index(step) + 1
    if index >= len(STEPS):
        await ctx.idle()
        return [Reply(note + " " + ctx.t("sp_done"))]
    return await _ask(ctx, STEPS[index], prefix=note)


def _step_of(raw: str) -> Step | None:
    return Step(raw) if raw in {s.value for s in STEPS} else None


async def on_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    what, step = action.part(0), _step_of(action.part(1))
    if what == "start":
        return await begin(ctx)
    if what == "stop":
        await ctx.idle()
        return [Reply(ctx.t("sp_stopped"))]
    if what == "edit":
        buttons = [
            actions.button(ctx.t(f"sp_label_{s.value}"), PREFIX, "one", s.value) for s in STEPS
        ]
        return [Reply(ctx.t("sp_which_edit"), buttons=chunked(buttons, 1))]
    if step is None:
        return [Reply(ctx.t("stale_button"))]
    if what == "one":
        return await _ask(ctx, step, single=True)
    if what == "clear":
        await ctx.store.set_safety_plan_step(ctx.user.id, step.value, None, ctx.now)
        await ctx.idle()
        return [Reply(ctx.t("sp_cleared")), *await show(ctx)]
    if what == "skip":
        if ctx.state != STATE or ctx.data.get("step") != step.value:
            return [Reply(ctx.t("stale_button"))]  # a button from an earlier question
        return await _after(ctx, step, ctx.t("sp_skipped"))
    return [Reply(ctx.t("stale_button"))]


async def on_text(ctx: Ctx, text: str) -> list[Reply] | None:
    step = _step_of(str(ctx.data.get("step", "")))
    if step is None:
        await ctx.idle()
        return None
    words = " ".join(clean_text(text).casefold().strip(" .!").split())
    if words in _STOP_WORDS:
        await ctx.idle()
        return [Reply(ctx.t("sp_stopped"))]
    if words in _SKIP_WORDS:
        return await _after(ctx, step, ctx.t("sp_skipped"))
    answer = clean_text(text)[:MAX_SAVED_CHARS]
    if step is Step.PROS and words in {"line", "the line", "crisis line"}:
        line = line_for(ctx.user.country)
        answer = f"{line.name}: {line.contact}" if line else "findahelpline.com"
    await ctx.store.set_safety_plan_step(ctx.user.id, step.value, answer, ctx.now)
    return await _after(ctx, step, ctx.t("sp_saved"))


FLOW = Flow(
    name=STATE,
    prefix=PREFIX,
    on_action=on_action,
    on_text=on_text,
    commands={"safetyplan": show},
    captures=frozenset(s.value for s in STEPS),  # what they write here is the plan
)
