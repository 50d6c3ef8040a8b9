"""/link: one person on Telegram and Discord, one plan (one streak, one schedule).

`/link` gives a one-time code; `/link CODE` sent from the other account joins the two. A code
works once, for 15 minutes, and never from the account that made it. When one side has no
history beyond a fresh default plan it simply joins the other; when both have history the
person chooses which plan to keep, and nothing is merged silently. Afterwards they choose
where reminders go.

The engine routes the `/link` command to `on_link_command` and `lk:` buttons to
`on_link_action`. Button ids:
`lk:keep:<this|other>:<token>` | `lk:cancel:<token>` | `lk:nudge:<identity_id>`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import actions
from bot.actions import Action
from bot.context import Ctx
from bot.domain import short_codes
from bot.domain.short_codes import new_code, normalise_code
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.storage import linking_store
from bot.storage.models import Identity

FLOW = actions.LINK
PURPOSE = "link"
STATE = "link"
CODE_MINUTES = 15
PLATFORM_NAMES = {"telegram": "Telegram", "discord": "Discord", "console": "the console"}
def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform.title())


def _names(identities: list[Identity]) -> str:
    seen: list[str] = []
    for identity in identities:
        name = platform_name(identity.platform)
        if name not in seen:
            seen.append(name)
    return " and ".join(seen)


# --- /link ------------------------------------------------------------------------------


async def on_link_command(ctx: Ctx, arg: str | None) -> list[Reply]:
    """`/link` gives a code; `/link CODE` joins this account to the code's plan."""
    if arg is None or not arg.strip():
        return await _offer_code(ctx)
    return await _claim(ctx, arg)


async def _offer_code(ctx: Ctx) -> list[Reply]:
    identities = await ctx.store.identities(ctx.user.id)
    if len({i.platform for i in identities} & {"telegram", "discord"}) >= 2:
        # Both platforms already share this plan; what is left to choose is where nudges go.
        return [
            Reply(ctx.t("link_status", detail=_names(identities))),
            await _nudge_question(ctx, identities),
        ]
    expires = ctx.now + timedelta(minutes=CODE_MINUTES)
    code = await short_codes.issue(ctx.store, ctx.user.id, PURPOSE, ctx.now, expires)
    return [Reply(ctx.t("link_code", value=code, minutes=CODE_MINUTES))]


async def _claim(ctx: Ctx, raw: str) -> list[Reply]:
    code = normalise_code(raw)
    found = await linking_store.peek_code(ctx.store, code, PURPOSE, ctx.now) if code else None
    if code is None or found is None:
        return [Reply(ctx.t("link_bad_code", minutes=CODE_MINUTES))]
    if found.user_id == ctx.user.id:
        return [Reply(ctx.t("link_own_code", value=code))]
    refusal = await _refusal(ctx, found.user_id)
    if refusal is not None:
        return [refusal]
    if await ctx.store.claim_code(code, PURPOSE, ctx.now) is None:
        return [Reply(ctx.t("link_bad_code", minutes=CODE_MINUTES))]  # lost a race
    other = found.user_id
    here_has_history = await linking_store.has_history(ctx.store, ctx.user.id)
    if not here_has_history:
        return await _join(ctx, keep=other, drop=ctx.user.id)
    if not await linking_store.has_history(ctx.store, other):
        return await _join(ctx, keep=ctx.user.id, drop=other)
    return await _ask_which(ctx, other)


async def _refusal(ctx: Ctx, other: int) -> Reply | None:
    """Why these two users cannot be joined, or None if they can."""
    if await ctx.store.get_user(other) is None:
        return Reply(ctx.t("link_bad_code", minutes=CODE_MINUTES))
    here = {i.platform for i in await ctx.store.identities(ctx.user.id)}
    there = await ctx.store.identities(other)
    clash = [i for i in there if i.platform in here]
    if clash:
        return Reply(ctx.t("link_same_platform", detail=platform_name(clash[0].platform)))
    return None


async def _ask_which(ctx: Ctx, other: int) -> list[Reply]:
    token = new_code()
    until = ctx.now + timedelta(minutes=CODE_MINUTES)
    await ctx.go(STATE, {"other": other, "token": token, "until": until.isoformat()})
    there = _names(await ctx.store.identities(other))
    buttons = rows(
        [actions.button(ctx.t("link_keep_this"), FLOW, "keep", "this", token)],
        [actions.button(ctx.t("link_keep_other", detail=there), FLOW, "keep", "other", token)],
        [actions.button(ctx.t("link_cancel"), FLOW, "cancel", token)],
    )
    return [Reply(ctx.t("link_choose", detail=there), buttons=buttons)]


async def _join(ctx: Ctx, *, keep: int, drop: int) -> list[Reply]:
    """Join the two users into `keep` and offer the choice of where nudges go."""
    if keep == ctx.user.id:
        await ctx.idle()
    dropped_names = _names(await ctx.store.identities(drop))
    await linking_store.join_users(ctx.store, keep=keep, drop=drop)
    kept = await ctx.store.get_user(keep)
    if kept is not None:
        # From here on this message speaks for the kept user (whose setup state counts).
        ctx.user = kept
    identities = await ctx.store.identities(keep)
    if keep == ctx.user.id:
        text = ctx.t("link_joined_here", detail=dropped_names)
    else:
        others = [i for i in identities if i.id != ctx.identity.id]
        text = ctx.t("link_joined_there", detail=_names(others))
    return [Reply(text), await _nudge_question(ctx, identities)]


async def _nudge_question(ctx: Ctx, identities: list[Identity]) -> Reply:
    return Reply(ctx.t("link_nudge_ask"), buttons=rows(nudge_buttons(ctx, identities)))


# --- buttons ----------------------------------------------------------------------------


async def on_link_action(ctx: Ctx, action: Action) -> list[Reply]:
    """The choice of plan to keep, a change of mind, or where nudges go."""
    match action.part(0):
        case "keep":
            return await _keep(ctx, action.part(1), action.part(2))
        case "cancel":
            if _pending(ctx, action.part(1)) is None:
                return [Reply(ctx.t("link_expired"))]
            await ctx.idle()
            return [Reply(ctx.t("link_cancelled"))]
        case "nudge":
            return await _set_nudges(ctx, action.int_part(1))
    return [Reply(ctx.t("stale_button"))]


def _pending(ctx: Ctx, token: str) -> int | None:
    """The other user of a choice still open for this token, or None if it is stale."""
    if ctx.state != STATE or not token or ctx.data.get("token") != token:
        return None
    try:
        until = datetime.fromisoformat(str(ctx.data.get("until")))
    except ValueError:
        return None
    other = ctx.data.get("other")
    if until <= ctx.now or not isinstance(other, int):
        return None
    return other


async def _keep(ctx: Ctx, which: str, token: str) -> list[Reply]:
    other = _pending(ctx, token)
    if other is None or which not in {"this", "other"}:
        return [Reply(ctx.t("link_expired"))]
    refusal = await _refusal(ctx, other)
    if refusal is not None:
        await ctx.idle()
        return [refusal]
    if which == "this":
        return await _join(ctx, keep=ctx.user.id, drop=other)
    await ctx.idle()
    return await _join(ctx, keep=other, drop=ctx.user.id)


async def _set_nudges(ctx: Ctx, identity_id: int | None) -> list[Reply]:
    identities = await ctx.store.identities(ctx.user.id)
    chosen = next((i for i in identities if i.id == identity_id), None)
    if chosen is None:
        return [Reply(ctx.t("stale_button"))]
    await ctx.update_user(nudge_identity_id=chosen.id)
    return [Reply(ctx.t("link_nudge_set", detail=platform_name(chosen.platform)))]


def nudge_buttons(ctx: Ctx, identities: list[Identity]) -> list[Button]:
    """The nudge-destination buttons (also offered from /settings, if it wants them)."""
    return [
        actions.button(
            ctx.t("link_nudge_button", detail=platform_name(i.platform)), FLOW, "nudge", i.id
        )
        for i in identities
    ]


LINK_FLOW = Flow(
    name=STATE,
    prefix=actions.LINK,
    on_action=on_link_action,
    commands={"link": on_link_command},
)
