"""/buddy: a friend who is there when it counts.

Double opt-in: `/buddy` gives the person a one-time code (24 hours, works once, never for
its maker); the friend sends `/buddy CODE` on Telegram or Discord, reads plainly what the
role is and how to stop, and accepts with a button. Either side ends it at any time; the
row is deleted and from then on nothing reaches either side. The other side is not told:
ending support should never arrive as a message at a hard moment.

The person chooses what the buddy gets: an SOS from /urge ("Reach my buddy", sent only
after a confirm, with an optional preset note), milestone numbers, and whether slips are
shared (off by default). A buddy never gets drafts, journal entries, reasons or anything
about the ex: the texts they receive are built here from fixed words and a display name,
never from what the person wrote.

Button ids (`bd:`): `acc:<code>` | `dec` | `set:<sos|ms|sl>:<0|1>` | `end` | `stop:<link>`
| `sos:<urge>` | `sos:<urge>:<call|text|ok|none|no>` | `weekly:<on|off>`.
"""

from __future__ import annotations

from datetime import timedelta

import bot.storage.buddy_models  # noqa: F401 - the tables must be in the metadata
from bot import actions
from bot.actions import Action
from bot.content.library import Library
from bot.context import Ctx
from bot.domain import short_codes
from bot.domain.short_codes import normalise_code
from bot.domain.streak import compute, restarts
from bot.domain.timezones import zone_or_utc
from bot.features import buddy_progress
from bot.flows.common import days
from bot.flows.onboarding import STEPS
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.storage import buddy_store, linking_store
from bot.storage.buddy_models import BuddyLink
from bot.storage.store import Store

FLOW = actions.BUDDY
PURPOSE = buddy_store.INVITE
CODE_HOURS = 24
NOTES = ("call", "text", "ok")
SHARES = ("sos", "ms", "sl")
MAX_NAME_CHARS = 40


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _display_name(ctx: Ctx) -> str | None:
    """How the other side will see this person: their platform display name, if any."""
    name = " ".join((ctx.msg.display_name or "").split())[:MAX_NAME_CHARS]
    return name or None


def _name(lib: Library, stored: str | None) -> str:
    return stored or lib.ui("buddy_someone")


# --- /buddy ------------------------------------------------------------------------------


async def on_buddy_command(ctx: Ctx, arg: str | None) -> list[Reply]:
    """`/buddy` shows the link (or makes an invite); `/buddy CODE` offers to accept one."""
    if arg is not None and arg.strip():
        return await _offer_accept(ctx, arg)
    return await _overview(ctx)


async def _overview(ctx: Ctx) -> list[Reply]:
    replies: list[Reply] = []
    link = await buddy_store.link_of(ctx.store, ctx.user.id)
    supporting = await buddy_store.supporting(ctx.store, ctx.user.id)
    if link is not None and link.buddy_user_id is not None:
        replies.append(_status(ctx, link))
    elif ctx.plan.outcome == "buddy_only" and supporting:
        replies.append(Reply(ctx.t("buddy_only_plan")))
    else:
        replies.append(await _invite(ctx, link))
    if supporting:
        replies.append(await _supporting(ctx, supporting))
    return replies


def _choices(ctx: Ctx, link: BuddyLink) -> str:
    flags = {"sos": link.share_sos, "ms": link.share_milestones, "sl": link.share_slips}
    lines = [ctx.t("buddy_choices")]
    lines += [ctx.t(f"buddy_share_{k}_{'on' if flags[k] else 'off'}") for k in SHARES]
    return "\n".join(lines)


def _choice_rows(ctx: Ctx, link: BuddyLink) -> list[list[Button]]:
    flags = {"sos": link.share_sos, "ms": link.share_milestones, "sl": link.share_slips}
    return [
        [
            actions.button(
                ctx.t(f"buddy_btn_{k}", value=ctx.t("buddy_on" if flags[k] else "buddy_off")),
                FLOW,
                "set",
                k,
                0 if flags[k] else 1,
            )
        ]
        for k in SHARES
    ]


def _status(ctx: Ctx, link: BuddyLink) -> Reply:
    since = (link.accepted_at or link.created_at).astimezone(ctx.tz).date().isoformat()
    text = _sentence(ctx.t("buddy_status", name=_name(ctx.lib, link.buddy_name), date=since))
    return Reply(
        text + "\n\n" + _choices(ctx, link),
        buttons=rows(
            *_choice_rows(ctx, link), [actions.button(ctx.t("buddy_btn_end"), FLOW, "end")]
        ),
    )


async def _invite(ctx: Ctx, link: BuddyLink | None) -> Reply:
    """The person's invite: the open code if it still works, else a fresh one."""
    code = await buddy_store.live_invite_code(ctx.store, ctx.user.id, ctx.now) if link else None
    if link is None or code is None:
        code = await _new_invite_code(ctx)
        link = await buddy_store.open_invite(
            ctx.store, ctx.user.id, code, _display_name(ctx), ctx.now
        )
    assert link is not None
    text = ctx.t("buddy_invite", value=code, count=CODE_HOURS) + "\n\n" + _choices(ctx, link)
    return Reply(text, buttons=rows(*_choice_rows(ctx, link)))


async def _new_invite_code(ctx: Ctx) -> str:
    expires = ctx.now + timedelta(hours=CODE_HOURS)
    return await short_codes.issue(ctx.store, ctx.user.id, PURPOSE, ctx.now, expires)


async def _supporting(ctx: Ctx, links: list[BuddyLink]) -> Reply:
    """What a buddy may see about the people they support: only what those people share."""
    lines = [ctx.t("buddy_supporting")]
    buttons: list[list[Button]] = []
    for link in links:
        name = _name(ctx.lib, link.user_name)
        since = (link.accepted_at or link.created_at).astimezone(ctx.tz).date().isoformat()
        detail = await _shared_numbers(ctx, link)
        lines.append(ctx.t("buddy_supporting_line", name=name, date=since, detail=detail))
        label = ctx.t("buddy_btn_stop_named", name=name)
        buttons.append([actions.button(label, FLOW, "stop", link.id)])
    return Reply("\n".join(lines), buttons=rows(*buttons))


async def _shared_numbers(ctx: Ctx, link: BuddyLink) -> str:
    if not (link.share_milestones or link.share_slips):
        return ""
    person = await ctx.store.get_user(link.user_id)
    if person is None:
        return ""
    today = ctx.now.astimezone(zone_or_utc(person.timezone)).date()
    plans = await ctx.store.plans(link.user_id)
    slips = await ctx.store.slips(link.user_id)
    resets = [s.local_date for s in slips if restarts(s.kind)]
    out = ""
    if link.share_milestones and plans:
        streak = compute(min(p.start_date for p in plans), today, resets)
        out += ctx.t("buddy_supporting_days", streak=days(streak.current))
    if link.share_slips:
        out += ctx.t("buddy_supporting_slips", count=len(resets))
    return out


# --- accepting ---------------------------------------------------------------------------


async def _offer_accept(ctx: Ctx, raw: str) -> list[Reply]:
    code = normalise_code(raw)
    usable = await linking_store.peek_code(ctx.store, code, PURPOSE, ctx.now) if code else None
    invite = await buddy_store.invite_by_code(ctx.store, code) if code and usable else None
    if code is None or invite is None:
        return [Reply(ctx.t("buddy_bad_code", count=CODE_HOURS))]
    if invite.user_id == ctx.user.id:
        return [Reply(ctx.t("buddy_own_code", value=code))]
    extra = ""
    if invite.share_milestones:
        extra += ctx.t("buddy_accept_extra_ms")
    if invite.share_slips:
        extra += ctx.t("buddy_accept_extra_sl")
    text = _sentence(ctx.t("buddy_accept_ask", name=_name(ctx.lib, invite.user_name), detail=extra))
    return [
        Reply(
            text,
            buttons=rows(
                [actions.button(ctx.t("buddy_btn_accept"), FLOW, "acc", code)],
                [actions.button(ctx.t("buddy_btn_decline"), FLOW, "dec")],
            ),
        )
    ]


async def _accept(ctx: Ctx, raw: str) -> list[Reply]:
    code = normalise_code(raw)
    invite = await buddy_store.invite_by_code(ctx.store, code) if code else None
    if code is None or invite is None:
        return [Reply(ctx.t("buddy_bad_code", count=CODE_HOURS))]
    if invite.user_id == ctx.user.id:
        # Checked before the code is spent, so the maker can still pass it on.
        return [Reply(ctx.t("buddy_own_code", value=code))]
    if await ctx.store.claim_code(code, PURPOSE, ctx.now) is None:
        return [Reply(ctx.t("buddy_bad_code", count=CODE_HOURS))]
    if not await buddy_store.accept(ctx.store, invite.id, ctx.user.id, _display_name(ctx), ctx.now):
        return [Reply(ctx.t("buddy_bad_code", count=CODE_HOURS))]
    await _end_unused_plan(ctx)
    link = await buddy_store.get_link(ctx.store, invite.id)
    assert link is not None
    buddy_name = _name(ctx.lib, link.buddy_name)
    notice = _sentence(ctx.t("buddy_accepted_notice", name=buddy_name))
    await ctx.notify(
        link.user_id,
        [Reply(notice + "\n\n" + _choices(ctx, link), buttons=rows(*_choice_rows(ctx, link)))],
    )
    person = _name(ctx.lib, link.user_name)
    parts = [ctx.t("buddy_accepted", name=person), ctx.t("buddy_role", name=person)]
    if ctx.plan.outcome == "buddy_only":
        parts.append(ctx.t("buddy_only_plan"))
    return [Reply("\n\n".join(parts), buttons=rows([_stop_button(ctx, link)]))]


async def _end_unused_plan(ctx: Ctx) -> None:
    """A friend who came only to be a buddy got a default plan on arrival; end it (no daily
    program for them) unless they had started one of their own."""
    if ctx.plan.ended_at is not None or ctx.state != "idle":
        return
    if ctx.user.onboarding_step != STEPS[0]:
        return
    if await linking_store.has_history(ctx.store, ctx.user.id):
        return
    await ctx.store.update_plan(ctx.plan.id, ended_at=ctx.now, outcome="buddy_only")
    ctx.plan.ended_at, ctx.plan.outcome = ctx.now, "buddy_only"


def _stop_button(ctx: Ctx, link: BuddyLink) -> Button:
    return actions.button(ctx.t("buddy_btn_stop"), FLOW, "stop", link.id)


# --- buttons -----------------------------------------------------------------------------


async def on_buddy_action(ctx: Ctx, action: Action) -> list[Reply]:
    match action.part(0):
        case "acc":
            return await _accept(ctx, action.part(1))
        case "dec":
            await _end_unused_plan(ctx)
            return [Reply(ctx.t("buddy_declined"))]
        case "set":
            return await _set_share(ctx, action.part(1), action.part(2))
        case "end":
            return await _end_by_user(ctx)
        case "stop":
            link_id = action.int_part(1)
            if link_id is None:
                return [Reply(ctx.t("stale_button"))]
            return await _stop_by_buddy(ctx, link_id)
        case "sos":
            return await _sos(ctx, action.int_part(1), action.part(2))
        case "weekly":  # buttons sent before the weekly review had its own prefix
            return await buddy_progress.on_weekly_action(ctx, action)
    return [Reply(ctx.t("stale_button"))]


async def _set_share(ctx: Ctx, field: str, value: str) -> list[Reply]:
    if field not in SHARES or value not in {"0", "1"}:
        return [Reply(ctx.t("stale_button"))]
    if not await buddy_store.set_share(ctx.store, ctx.user.id, field, value == "1"):
        return [Reply(ctx.t("buddy_no_link"))]
    link = await buddy_store.link_of(ctx.store, ctx.user.id)
    assert link is not None
    if link.buddy_user_id is not None:
        return [_status(ctx, link)]
    return [Reply(_choices(ctx, link), buttons=rows(*_choice_rows(ctx, link)))]


async def _end_by_user(ctx: Ctx) -> list[Reply]:
    link = await buddy_store.link_of(ctx.store, ctx.user.id)
    if link is None or not await buddy_store.end_link(ctx.store, link.id, ctx.user.id):
        return [Reply(ctx.t("buddy_no_link"))]
    return [Reply(_sentence(ctx.t("buddy_ended_by_user", name=_name(ctx.lib, link.buddy_name))))]


async def _stop_by_buddy(ctx: Ctx, link_id: int) -> list[Reply]:
    link = await buddy_store.get_link(ctx.store, link_id)
    if link is None or link.buddy_user_id != ctx.user.id:
        return [Reply(ctx.t("buddy_gone"))]
    await buddy_store.end_link(ctx.store, link.id, ctx.user.id)
    return [Reply(ctx.t("buddy_stopped", name=_name(ctx.lib, link.user_name)))]


# --- the SOS from /urge ------------------------------------------------------------------


async def urge_buttons(ctx: Ctx, urge_id: int) -> list[Button]:
    """ "Reach my buddy" among the urge tools, when there is a buddy and SOS is on."""
    link = await buddy_store.active_link_of(ctx.store, ctx.user.id)
    if link is None or not link.share_sos:
        return []
    return [actions.button(ctx.t("buddy_btn_sos_urge"), FLOW, "sos", urge_id)]


def _tool_rows(ctx: Ctx, urge_id: int) -> tuple[tuple[Button, ...], ...]:
    def tool(key: str) -> Button:
        return actions.button(ctx.t(f"btn_tool_{key}"), actions.URGE, urge_id, "t", key)

    return rows([tool("wait"), tool("task")], [tool("breathe"), tool("passed")])


async def _sos(ctx: Ctx, urge_id: int | None, choice: str) -> list[Reply]:
    if urge_id is None or choice not in {"", "no", "none", *NOTES}:
        return [Reply(ctx.t("stale_button"))]
    urge = await ctx.store.get_urge(ctx.user.id, urge_id)
    link = await buddy_store.active_link_of(ctx.store, ctx.user.id)
    if urge is None:
        return [Reply(ctx.t("stale_button"))]
    if link is None or not link.share_sos or link.buddy_user_id is None:
        return [Reply(ctx.t("buddy_no_link"))]
    name = _name(ctx.lib, link.buddy_name)
    if link.last_sos_urge_id == urge.id:
        return [
            Reply(
                _sentence(ctx.t("buddy_sos_already", name=name)), buttons=_tool_rows(ctx, urge.id)
            )
        ]
    if choice == "no":
        return [Reply(ctx.t("buddy_sos_not_sent"), buttons=_tool_rows(ctx, urge.id))]
    if choice == "":

        def note(key: str) -> list[Button]:
            return [actions.button(ctx.t(f"buddy_note_{key}"), FLOW, "sos", urge.id, key)]

        return [
            Reply(
                _sentence(ctx.t("buddy_sos_confirm", name=name)),
                buttons=rows(
                    *(note(k) for k in NOTES),
                    [actions.button(ctx.t("buddy_btn_send_plain"), FLOW, "sos", urge.id, "none")],
                    [actions.button(ctx.t("buddy_btn_dont_send"), FLOW, "sos", urge.id, "no")],
                ),
            )
        ]
    return await _send_sos(ctx, link, urge.id, None if choice == "none" else choice)


async def _send_sos(ctx: Ctx, link: BuddyLink, urge_id: int, note: str | None) -> list[Reply]:
    name = _name(ctx.lib, link.buddy_name)
    previous = (link.last_sos_urge_id, link.last_sos_at)
    # Claim this urge's one SOS first, so a double tap cannot send twice.
    if not await buddy_store.claim_sos(ctx.store, link, urge_id, ctx.now):
        return [
            Reply(
                _sentence(ctx.t("buddy_sos_already", name=name)), buttons=_tool_rows(ctx, urge_id)
            )
        ]
    assert link.buddy_user_id is not None
    delivered = await ctx.notify(link.buddy_user_id, [sos_message(ctx.lib, link, note)])
    if not delivered:
        await buddy_store.update_link(
            ctx.store, link.id, last_sos_urge_id=previous[0], last_sos_at=previous[1]
        )
        return [
            Reply(_sentence(ctx.t("buddy_sos_failed", name=name)), buttons=_tool_rows(ctx, urge_id))
        ]
    return [Reply(_sentence(ctx.t("buddy_sos_sent", name=name)), buttons=_tool_rows(ctx, urge_id))]


# --- what a buddy receives (fixed words and a display name, nothing the person wrote) -----


def _for_buddy(lib: Library, link: BuddyLink, *parts: str) -> Reply:
    person = _name(lib, link.user_name)
    text = "\n\n".join([*parts, lib.ui("buddy_role", name=person)])
    stop = actions.button(lib.ui("buddy_btn_stop"), FLOW, "stop", link.id)
    return Reply(_sentence(text), buttons=rows([stop]))


def sos_message(lib: Library, link: BuddyLink, note: str | None) -> Reply:
    person = _name(lib, link.user_name)
    parts = [lib.ui("buddy_sos_message", name=person)]
    if note in NOTES:
        parts.append(lib.ui("buddy_sos_note", detail=lib.ui(f"buddy_note_{note}")))
    parts.append(lib.ui("buddy_sos_tip"))
    return _for_buddy(lib, link, *parts)


async def buddy_notice(
    store: Store, lib: Library, user_id: int, kind: str, day: int = 0
) -> tuple[int, list[Reply]] | None:
    """For the scheduler (or the slip flow): the buddy to tell and what to say when the
    person reaches a milestone (`kind="milestone"`, `day`) or logs a slip (`kind="slip"`),
    or None when they have no buddy or don't share that."""
    link = await buddy_store.active_link_of(store, user_id)
    if link is None or link.buddy_user_id is None:
        return None
    person = _name(lib, link.user_name)
    if kind == "milestone" and link.share_milestones and day > 0:
        text = lib.ui("buddy_milestone_message", name=person, day=day)
    elif kind == "slip" and link.share_slips:
        text = lib.ui("buddy_slip_message", name=person)
    else:
        return None
    return link.buddy_user_id, [_for_buddy(lib, link, text)]


BUDDY_FLOW = Flow(
    name="buddy",
    prefix=actions.BUDDY,
    on_action=on_buddy_action,
    commands={"buddy": on_buddy_command},
)
