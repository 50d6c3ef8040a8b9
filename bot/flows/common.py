"""Small pieces several flows share: the streak view, the menu buttons, text hygiene."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from bot import actions
from bot.context import Ctx
from bot.domain import program
from bot.domain.streak import Streak, of_slips, plan_day
from bot.messages import Button, Reply, rows

MAX_SAVED_CHARS = 100_000  # longest text we accept at all (a draft, a journal entry)
MAX_REASON_CHARS = 200
MAX_NICKNAME_CHARS = 40
# Messages about their getting in touch within this long of the last one logged are the
# same contact ("he texted", "then he sent 'you ok?'"): one row, not three.
SAME_CONTACT_HOURS = 6
# A draft is written in bursts: every piece typed after "Write it here instead" goes into one
# draft until the person says they are done, or stops for this long (the next piece then
# begins a new draft). Crisis mode keeps a draft being written the same way.
DRAFT_GAP = timedelta(minutes=2)


def clean_text(text: str) -> str:
    """Drop control characters (but keep line breaks) so nothing odd reaches storage or logs."""
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    ).strip()


async def streak_of(ctx: Ctx) -> Streak:
    plans = await ctx.store.plans(ctx.user.id)
    slips = await ctx.store.slips(ctx.user.id)
    first_start = min((p.start_date for p in plans), default=ctx.today())
    return of_slips(first_start, ctx.today(), [(s.local_date, s.kind) for s in slips])


def crisis_check_pending(ctx: Ctx) -> bool:
    """Typed words the engine read as a possible crisis: it then hands the step no reading
    (`ctx.detection` is None for typed text that is not a command) and puts its gentle
    check first. A step then steps aside, so the next "yes" or "no" answers that check and
    never a step's own question ("Are you sure?", "Any contact today?")."""
    text = (ctx.msg.text or "").lstrip()
    return ctx.detection is None and bool(text) and not text.startswith("/")


async def log_ex_contact(ctx: Ctx) -> bool:
    """Log that the ex reached out, once per contact: False (and nothing written) when one
    was logged less than `SAME_CONTACT_HOURS` ago, so a story told in several messages is
    one row."""
    contacts = await ctx.store.ex_contacts(ctx.user.id)
    latest = max((c.occurred_at for c in contacts), default=None)
    if latest is not None and ctx.now - latest < timedelta(hours=SAME_CONTACT_HOURS):
        return False
    await ctx.store.add_ex_contact(ctx.user.id, ctx.now)
    return True


def days(n: int) -> str:
    """ "1 day", "2 days": counts read as words, not as "1 days"."""
    return f"{n} day" if n == 1 else f"{n} days"


def day_fields(ctx: Ctx, streak: Streak) -> dict[str, object]:
    """Placeholder values for plan and streak texts; counts of days come as phrases."""
    day = plan_day(ctx.plan.start_date, ctx.today())
    return {
        "day": day,
        "days": ctx.plan.length_days,
        "days_left": days(max(0, ctx.plan.length_days - day)),
        "streak": days(streak.current),
        "longest": days(streak.longest),
        "total": days(streak.total),
    }


def streak_line(ctx: Ctx, streak: Streak) -> str:
    fields = day_fields(ctx, streak)
    if ctx.plan.start_date > ctx.today():
        return ctx.t("streak_starts_tomorrow", **fields)
    if streak.current == 0:
        return ctx.t("streak_zero", **fields)
    if plan_day(ctx.plan.start_date, ctx.today()) > ctx.plan.length_days:
        return ctx.t("streak_line_after", **fields)
    return ctx.t("streak_line", **fields)


def urge_button(ctx: Ctx) -> Button:
    return actions.command_button(ctx.t("btn_urge"), "urge")


def continue_setup_row(ctx: Ctx) -> tuple[Button, ...]:
    if ctx.user.onboarding_step:
        return (actions.button(ctx.t("btn_continue_setup"), actions.ONBOARD, "resume"),)
    return ()


def with_setup_hint(ctx: Ctx, reply: Reply) -> Reply:
    """Offer to pick onboarding up again after a detour (a command in the middle of it)."""
    row = continue_setup_row(ctx)
    if not row or reply.buttons:
        return reply  # a reply with its own choices stays uncluttered
    return Reply(
        reply.text,
        buttons=(*reply.buttons, row),
        attachment=reply.attachment,
        private=reply.private,
        expects=reply.expects,
        kind=reply.kind,
    )


def program_day(ctx: Ctx) -> tuple[str, int, int]:
    """(user key, plan day, plan length) for the program's pure selection functions; the
    scheduler uses the same key, so the engine and the nudges agree on the day's words."""
    return (
        str(ctx.user.id),
        max(1, plan_day(ctx.plan.start_date, ctx.today())),
        ctx.plan.length_days,
    )


async def text_fields(ctx: Ctx) -> dict[str, str]:
    """The values the program's texts are filled with (the ex's nickname, the day, one of
    the person's reasons), as the scheduler fills its nudges: a prompt or a task shown in
    answer reads the same as one sent in the morning."""
    key, day, length = program_day(ctx)
    reasons = [r.text for r in await ctx.store.reasons(ctx.user.id)]
    return program.fields_for(
        day, length, ex=ctx.user.ex_nickname or "", reasons=reasons, user_key=key
    )


def local_clock(ctx: Ctx, minutes_from_now: int) -> str:
    return (ctx.local_now() + timedelta(minutes=minutes_from_now)).strftime("%H:%M")


def simple(text: str, *button_rows: tuple[Button, ...] | list[Button]) -> Reply:
    return Reply(text, buttons=rows(*button_rows))
