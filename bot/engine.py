"""The engine: one inbound message in, replies out. Every platform goes through here.

Order matters and is the same in every state:
1. crisis language gets crisis resources before anything else;
2. commands work at any step of any flow;
3. button presses go to the flow named in their action id (stale ones get an answer);
4. free text answers the step the person is in, unless it says they're about to reach
   out (the urge flow interrupts) or it isn't an answer (then it is read for intent, then
   for the situation it is about: bot/situations/);
5. no reply is word for word the one sent to that person just before it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from bot import actions, situations
from bot.clock import Clock
from bot.commands import BY_NAME, parse_command
from bot.content.library import Library, Said, fingerprint
from bot.context import Ctx
from bot.domain.timezones import zone_or_utc
from bot.flows import account, crisis_support, slips, urge
from bot.flows.common import MAX_SAVED_CHARS, SAME_CONTACT_HOURS, clean_text, with_setup_hint
from bot.intent import MODEL_RULE, Detection, Intent, classify
from bot.intent.crisis import crisis_certainty, crisis_language
from bot.intent.language import guess as guess_language
from bot.intent.language import scores as language_scores
from bot.messages import Button, Incoming, Reply, rows
from bot.ports import Outbox, Schedules
from bot.registry import Flows
from bot.storage import StorageUnavailable, Store, is_outage
from bot.storage.models import Identity, Plan, User
from bot.text import typed_answers
from bot.text.parsing import DEFAULT_PLAN_DAYS
from bot.text.typed_answers import OTHER_SCRIPT, unreadable_script

log = logging.getLogger(__name__)

# The outcome of the plan a person gets who came in crisis, or as a buddy: none of their own.
NO_PLAN = "no_plan"
# The kind of the answer given when nothing else fits (measured: it should be rare).
FALLBACK_KIND = situations.FALLBACK_KIND
# Where the fingerprint of the last reply lives in the conversation row's data; taken out
# before any flow sees the data (see `_remember`).
SAID_KEY = "_said"
# How plainly a message must be in another language for the note in it (language scores:
# the winner's at least this, and at least this many times the runner-up's).
FOREIGN_MIN_SCORE = 1.5
FOREIGN_MARGIN = 2.0

# Commands that start a plan with defaults for a person we've never seen: beginning, the
# two moments that can't wait for a setup, and joining (a second platform, or a friend
# accepting a buddy invite). Others ask them to /start first.
CREATES_USER = frozenset({"start", "urge", "slip", "link", "buddy"})
# Situations a stranger may bring that are answered by the introduction, not a new plan.
INTRODUCTIONS = frozenset({"small_talk", "thanks", "about_bot"})


def uncertain_crisis(detection: Detection) -> bool:
    """A crisis reading that gets the gentle check rather than the full alarm: one only the
    learned booster made, or a family of wording that is often not a crisis at all."""
    return detection.rule == MODEL_RULE or crisis_certainty(detection.rule) == "uncertain"


class Engine:
    def __init__(
        self,
        store: Store,
        lib: Library,
        clock: Clock,
        *,
        outbox: Outbox,
        schedules: Schedules,
        flows: Flows,
    ) -> None:
        self.flows = flows
        self.store = store
        self.lib = lib
        self.clock = clock
        self.outbox = outbox  # reaches people other than the sender (a buddy), any platform
        self.schedules = schedules

    async def handle(self, msg: Incoming) -> list[Reply]:
        """Whatever goes wrong, the person gets a kind answer, with one exception: when the
        database cannot be reached this raises `StorageUnavailable`, so the inbox keeps the
        message for later instead of losing it behind "something went wrong"."""
        try:
            return await self._handle(msg)
        except Exception as exc:
            if is_outage(exc):
                raise StorageUnavailable from None
            # The traceback goes to the log (without the message text); never to the person.
            log.exception("failed to handle a %s message", msg.platform)
            return [Reply(self.lib.ui("error_generic"))]

    def answer_offline(self, msg: Incoming, *, first: bool) -> list[Reply]:
        """The answer while the database is out: from memory alone, crisis first.

        Crisis language and /helpline get the crisis lines (the country is unknown without
        the database, so the general ones); anyone else hears that their message is kept.
        """
        text = clean_text(msg.text or "")
        command = parse_command(text) if text else None
        words = text if command is None else (command[1] or "")
        crisis = command is not None and command[0] == "helpline"
        if not crisis and words:
            crisis = classify(words).intent is Intent.CRISIS
        if crisis:
            return [crisis_support.lines_reply(self.lib, None)]
        return [Reply(self.lib.ui("offline_first" if first else "offline_again"), private=False)]

    @staticmethod
    def is_crisis_answer(replies: list[Reply]) -> bool:
        return bool(replies) and replies[0].kind == crisis_support.CRISIS_KIND

    async def _handle(self, msg: Incoming) -> list[Reply]:
        now = self.clock.now()
        text = clean_text(msg.text or "") if msg.text is not None else ""
        if len(text) > MAX_SAVED_CHARS:
            return [Reply(self.lib.ui("too_long", count=MAX_SAVED_CHARS))]
        command = parse_command(text) if text else None
        pressed = actions.parse(msg.action) if msg.action else None
        if pressed is not None and pressed.flow == actions.COMMAND and pressed.part(0) in BY_NAME:
            command = (pressed.part(0), None)  # a button that runs a command is that command

        identity = await self.store.find_identity(msg.platform, msg.user_id)
        user = await self.store.get_user(identity.user_id) if identity else None

        # Free text, or the words typed after a command ("/urge i can't go on"), is read.
        words = text if command is None else (command[1] or "")
        detection = classify(words) if words else None
        if detection is not None:
            log.debug("intent=%s rule=%s", detection.intent.value, detection.rule)
        gentle = False
        if detection is not None and detection.intent is Intent.CRISIS:
            if not uncertain_crisis(detection):
                return await self._crisis(msg, identity, user, text, now, detection)
            # An uncertain message ("i can't do this anymore", or one only the learned
            # booster heard): ask gently first, then carry on as usual, so a false alarm
            # costs one message and loses nothing.
            if not msg.is_private:
                country = user.country if user else None
                return [crisis_support.lines_reply(self.lib, country, unsure=True)]
            # ...except "whats the point. 12 days gone" just after a slip: a question about
            # the count, answered for what it is (certain crisis language never comes here).
            gentle = not await self._point_of_the_count(user, words, now)
            detection = None
        return await self._answer(
            msg, text, command, pressed, identity, user, detection, now, gentle=gentle
        )

    async def _point_of_the_count(self, user: User | None, words: str, now: datetime) -> bool:
        """ "What was the point of 12 days" within hours of a slip (it's logged): the days."""
        if user is None or not slips.point_of_the_count(words):
            return False
        recent = now - timedelta(hours=SAME_CONTACT_HOURS)
        return any(s.occurred_at >= recent for s in await self.store.slips(user.id))

    async def _answer(
        self,
        msg: Incoming,
        text: str,
        command: tuple[str, str | None] | None,
        pressed: actions.Action | None,
        identity: Identity | None,
        user: User | None,
        detection: Detection | None,
        now: datetime,
        *,
        gentle: bool = False,
    ) -> list[Reply]:
        """Everything after the crisis check: commands, buttons, steps and free text.

        With `gentle` (a message that may be a crisis, or may not), the gentle check comes
        first; idle free text then gets no answer of its own, a step in progress still
        answers."""

        if command is not None and command[0] == "helpline":
            # Crisis lines need no plan and no setup, anywhere (a group too).
            country = user.country if user else None
            lines = crisis_support.lines_reply(self.lib, country)
            if user is None or not msg.is_private:
                return [lines]
            plan = actions.button(self.lib.ui("btn_crisis_plan"), actions.SAFETY_PLAN, "start")
            return [Reply(lines.text, buttons=rows([plan]), private=False, kind=lines.kind)]
        if not msg.is_private and (command is None or command[0] != "help"):
            # Groups and server channels never see personal data.
            return [Reply(self.lib.ui("go_private"), private=False)]

        arrived = identity is None or user is None
        if identity is None or user is None:
            created = await self._first_contact(msg, command, pressed, detection, now)
            if isinstance(created, list):
                return created
            identity, user = created
        elif identity.chat_id != msg.chat_id or identity.unreachable_since is not None:
            await self.store.update_identity(
                identity.id, chat_id=msg.chat_id, unreachable_since=None
            )

        ctx = await self._context(msg, identity, user, now)
        ctx.detection = detection
        if command is not None:
            replies = await self._command(ctx, *command)
        elif msg.action:
            replies = await self._action(ctx, msg.action)
        elif text and (checked := await crisis_support.check_answer(ctx, text)) is not None:
            replies = checked  # "yes" to the gentle check asked inside a step
        elif gentle and self._waits_behind_check(ctx):
            # "i cant do this anymore" at a setup question: only the gentle check. The step
            # keeps its place, unasked, instead of "one quick thing first" after it.
            replies = []
        elif text:
            intent = detection.intent if detection else Intent.NONE
            replies = await self._text(ctx, text, intent, small_talk=not gentle)
        else:
            replies = [Reply(ctx.t("empty_message"))]
        if gentle:
            replies = [await crisis_support.gentle_check(ctx), *replies]
        if replies and ctx.state == "idle" and ctx.user.onboarding_step and not ctx.plan.ended_at:
            replies[-1] = with_setup_hint(ctx, replies[-1])
        replies = await self._remember(ctx, replies)
        if arrived or ctx.timing_changed:
            await self._reschedule(user.id, now)
        return replies

    def _waits_behind_check(self, ctx: Ctx) -> bool:
        flow = self.flows.for_state(ctx.state)
        return bool(flow and flow.waits_behind_check) and not self._writing_down(ctx)

    def _writing_down(self, ctx: Ctx) -> bool:
        """Is the person at a step that keeps what they type (a draft, a journal entry)?"""
        return self.flows.captures(ctx.state, str(ctx.data.get("await", "")))

    async def _reschedule(self, user_id: int, now: datetime) -> None:
        """Tell the scheduler at once; if that fails, the answer still stands. What the
        person did is already saved, and the periodic sync recomputes their rows within a
        minute, so failing the whole message here (and having it handled again) would be
        the worse outcome."""
        try:
            await self.schedules.settings_changed(user_id, now)
        except Exception:
            log.warning("rescheduling user %s failed; the periodic sync will catch up", user_id)

    # --- who is this ---------------------------------------------------------------------

    async def _first_contact(
        self,
        msg: Incoming,
        command: tuple[str, str | None] | None,
        pressed: actions.Action | None,
        detection: Detection | None,
        now: datetime,
    ) -> list[Reply] | tuple[Identity, User]:
        """A person we don't know. Create their plan only when they ask for something."""
        name = command[0] if command else None
        intent = detection.intent if detection else Intent.NONE
        typed = clean_text(msg.text or "") if command is None and not msg.action else ""
        wants_plan = (name in CREATES_USER) or (bool(typed) and intent is not Intent.NONE)
        if not wants_plan and typed:
            # A stranger who brings a situation ("does no contact even work?") is asking for
            # something: answered, with a plan on defaults they can shape in setup. A hello
            # or a question about Cooloff gets the introduction.
            found = situations.match(typed)
            wants_plan = found is not None and found.topic.name not in INTRODUCTIONS
            # One written in another language is heard too: the note in their language
            # comes from `_text`, and the person is remembered so it is not said twice.
            wants_plan = wants_plan or self._foreign(typed) is not None
        if not wants_plan:
            if name == "help":
                return [account.help_reply(self.lib)]
            if name in {"export", "delete"}:
                return [Reply(self.lib.ui("nothing_stored"))]
            if name is not None and name not in BY_NAME:
                return [self._unknown_command(name)]
            if name is not None:
                return [Reply(self.lib.ui("no_plan_yet"), buttons=self._start_row())]
            if pressed is not None and pressed.flow == actions.GUIDE:
                topic = pressed.part(0)
                if topic in account.GUIDE_TOPICS:
                    return [account.guide(self.lib, topic, f"{msg.user_id}:{now.isoformat()}")]
            if msg.action:
                return [Reply(self.lib.ui("stale_unknown_user"), buttons=self._start_row())]
            return [Reply(self.lib.ui("hello_stranger"), buttons=self._start_row())]
        user, identity = await self.store.create_user(
            platform=msg.platform,
            platform_user_id=msg.user_id,
            chat_id=msg.chat_id,
            now=now,
            start_date=now.date(),
        )
        log.info("new user %s on %s", user.id, msg.platform)
        return identity, user

    def _start_row(self) -> tuple[tuple[Button, ...], ...]:
        return rows([actions.command_button(self.lib.ui("btn_start"), "start")])

    async def _context(self, msg: Incoming, identity: Identity, user: User, now: datetime) -> Ctx:
        plan = await self.store.active_plan(user.id)
        if plan is None:
            plans = await self.store.plans(user.id)
            plan = plans[-1] if plans else await self._new_plan(user, now)
        state, data = await self.store.conversation(user.id)
        said = data.pop(SAID_KEY, None)
        ctx = Ctx(msg, now, self.store, self.lib, user, identity, plan, state, data, self.outbox)
        ctx.said = said if isinstance(said, str) else None
        flow = self.flows.for_state(state)
        if flow is not None and flow.lapsed is not None and flow.lapsed(ctx):
            await ctx.idle()
        return ctx

    async def _new_plan(self, user: User, now: datetime) -> Plan:
        today = now.astimezone(zone_or_utc(user.timezone)).date()
        return await self.store.add_plan(user.id, today, DEFAULT_PLAN_DAYS, now)

    # --- crisis --------------------------------------------------------------------------

    async def _crisis(
        self,
        msg: Incoming,
        identity: Identity | None,
        user: User | None,
        text: str,
        now: datetime,
        detection: Detection,
    ) -> list[Reply]:
        """The line first, in every state; then the crisis-support mode stays with them."""
        lang = crisis_language(detection.rule) or guess_language(text)
        if not msg.is_private:
            # A group gets the lines (and one line in their language) and nothing personal.
            lines = [crisis_support.lines_reply(self.lib, user.country if user else None)]
            note = crisis_support.in_language(self.lib, lang)
            return [*lines, note] if note is not None else lines
        if identity is None or user is None:
            identity, user = await self._arrive_in_crisis(msg, now)
        ctx = await self._context(msg, identity, user, now)
        ctx.detection = detection
        answered = await crisis_support.check_answer(ctx, text)
        if answered is None and crisis_support.active(ctx):
            answered = await crisis_support.typed_answer(ctx, text)
        if answered is not None:
            # "im not safe" typed at the safety question is its answer, not crisis words anew.
            return await self._remember(ctx, answered)
        if crisis_support.active(ctx):
            saved = await crisis_support.keep(ctx, text)
            replies = await crisis_support.again(ctx, lang=lang)
            if saved:
                replies.insert(1, Reply(ctx.t("crisis_saved_with_care")))
            return await self._remember(ctx, replies)
        capture = crisis_support.capture_of(ctx)
        if capture is not None:
            # What they were writing is kept as what it was; the crisis answer still comes
            # first, and the step's own cheerful "saved" line is not shown. What follows in
            # the same burst joins that draft (`crisis_support.keep`).
            await self._text(ctx, text, Intent.NONE)
            capture = crisis_support.capture_of(ctx) or capture
        replies = await crisis_support.enter(ctx, lang=lang, capture=capture)
        if capture is not None:
            replies.insert(1, Reply(ctx.t("crisis_saved_with_care")))
        return await self._remember(ctx, replies)

    async def _arrive_in_crisis(self, msg: Incoming, now: datetime) -> tuple[Identity, User]:
        """A stranger in crisis is stayed with, so they get a row to hold the conversation,
        but no plan and no daily messages until they ask for one (/start)."""
        user, identity = await self.store.create_user(
            platform=msg.platform,
            platform_user_id=msg.user_id,
            chat_id=msg.chat_id,
            now=now,
            start_date=now.date(),
        )
        plan = await self.store.active_plan(user.id)
        if plan is not None:
            await self.store.update_plan(plan.id, ended_at=now, outcome=NO_PLAN)
        log.info("new user %s on %s, in crisis", user.id, msg.platform)
        return identity, user

    # --- commands ------------------------------------------------------------------------

    def _unknown_command(self, name: str) -> Reply:
        return Reply(
            self.lib.ui("unknown_command", command=name[:32]),
            buttons=rows([actions.command_button(self.lib.ui("btn_help"), "help")]),
            private=False,
        )

    async def _command(self, ctx: Ctx, name: str, arg: str | None) -> list[Reply]:
        handler = self.flows.command(name)
        if handler is None:
            if name != "cancel":
                # "/skip", "/yes" typed inside a step mean what typing the word means.
                flow = self.flows.for_state(ctx.state)
                if flow is not None and flow.on_text is not None and arg is None:
                    answered = await flow.on_text(ctx, name)
                    if answered:
                        return answered
                return [self._unknown_command(name)]
            was_busy = ctx.state != "idle"
            await ctx.idle()
            return [Reply(ctx.t("cancelled" if was_busy else "nothing_to_cancel"))]
        if ctx.state != "idle":
            await ctx.idle()  # a command leaves whatever step was in progress
        return await handler(ctx, arg)

    # --- buttons -------------------------------------------------------------------------

    async def _action(self, ctx: Ctx, raw: str) -> list[Reply]:
        action = actions.parse(raw)
        flow = self.flows.for_prefix(action.flow) if action is not None else None
        if action is None or flow is None or flow.on_action is None:
            return [Reply(ctx.t("stale_button"))]
        return await flow.on_action(ctx, action)

    # --- free text -----------------------------------------------------------------------

    async def _text(
        self, ctx: Ctx, text: str, intent: Intent, *, small_talk: bool = True
    ) -> list[Reply]:
        """Typed text, in this order (crisis came before, in `_handle`): a message in another
        language gets a note in it; words about to reach out start the urge flow unless the
        step is taking them down; the step's own answer; what the detector read (a slip, a
        message from them); the situation it is about; and only then the fallback.

        A situation may answer instead of the detector's reading when it is plainly what
        was asked ("should i reply?" reads as an urge, "i answered about the kids" as a
        slip): see `situations.overrides`."""
        capturing = self._writing_down(ctx)
        flow = self.flows.for_state(ctx.state)
        owned = capturing or bool(flow and flow.owns_text)
        if not owned:
            foreign = self._other_language(ctx, text)
            if foreign is not None:
                return [foreign]
        found: situations.Match | None = None
        question = typed_answers.is_question(text)
        follows = Said.parse(ctx.said).topic
        if intent is Intent.URGE and flow is not None and flow.hears_urges and flow.on_text:
            handled = await flow.on_text(ctx, text)
            if handled:
                return handled
        if intent is Intent.URGE and not owned:
            found = situations.match(text, after=Said.parse(ctx.said).topic)
            if situations.overrides(
                found, intent, text, question=question, follows=follows
            ):
                assert found is not None
                return await situations.answer(ctx, found, intent)
            return await urge.start(ctx, source="detector")
        if flow is not None and flow.on_text is not None:
            handled = await flow.on_text(ctx, text)
            if handled:
                return handled
        if ctx.state == "idle":
            for idle_text in self.flows.idle_text():
                handled = await idle_text(ctx, text)
                if handled:
                    return handled
        if not small_talk and intent is Intent.NONE:
            return []
        found = found or situations.match(text, after=Said.parse(ctx.said).topic)
        if intent is Intent.SLIP:
            if situations.overrides(
                found, intent, text, question=question, follows=follows
            ):
                assert found is not None
                return await situations.answer(ctx, found, intent)
            return await slips.start(ctx, via="detector")
        if intent is Intent.EX_REACHED_OUT:
            if situations.overrides(
                found, intent, text, question=question, follows=follows
            ):
                assert found is not None
                return await situations.answer(ctx, found, intent)
            return await account.ex_reached_out(ctx)
        if not small_talk:
            return []
        if found is not None:
            return await situations.answer(ctx, found, intent)
        return [situations.fallback(ctx)]

    def _other_language(self, ctx: Ctx, text: str) -> Reply | None:
        """A message plainly in a language Cooloff doesn't speak yet gets a short note in it
        (with /helpline)."""
        lang = self._foreign(text)
        if lang is None or (lang == OTHER_SCRIPT and ctx.state != "idle"):
            # A step may take any words (a reason, a nickname) in any script; setup answers
            # one it cannot read itself (`onboarding.answer_for_what_it_is`).
            return None
        return situations.other_language(
            ctx, lang, f"{ctx.user.id}:{ctx.now.isoformat()}", ctx.said
        )

    @staticmethod
    def _foreign(text: str) -> str | None:
        """The language of a message plainly not in English, or None. Never for an answer a
        step could read: anything with a digit in it ("30 días", "8h"), or a single word,
        goes to the step as usual."""
        if any(ch.isdigit() for ch in text) or len(text.split()) < 2:
            return None
        if unreadable_script(text):
            return OTHER_SCRIPT
        lang = guess_language(text)
        if lang is None:
            return None
        # Only when plainly so: a note in the wrong language (Hinglish "theek hai" read as
        # Italian) is worse than an answer in English.
        ranked = sorted(language_scores(text).values(), reverse=True)
        accented = any(ch.isalpha() and not ch.isascii() for ch in text)
        alone = ranked[1] == 0.0 and accented  # "vc fala português?": nothing else fits
        if not alone and (ranked[0] < FOREIGN_MIN_SCORE or ranked[0] < FOREIGN_MARGIN * ranked[1]):
            return None
        return lang

    # --- no identical answer twice in a row ----------------------------------------------

    async def _remember(self, ctx: Ctx, replies: list[Reply]) -> list[Reply]:
        """Make sure no message is word for word the one sent just before it (in this
        answer, or the last of the previous one) and no whole answer is the previous answer
        again, then keep fingerprints of what was said, and the topic answered, in the
        conversation row (`Said`: the bot's words, hashed; nothing the person wrote)."""
        topic = str(ctx.data.pop(situations.TOPIC_KEY, ""))
        if not replies:
            return replies
        before = Said.parse(ctx.said)
        last = before.last or None
        seed = f"{ctx.user.id}:{ctx.now.isoformat()}"
        texts: list[str] = []
        for n, reply in enumerate(replies):
            texts.append(self.lib.vary(reply.text, f"{seed}:{n}", last))
            last = fingerprint(texts[-1])
        if fingerprint("\n".join(texts)) == before.whole:
            # The same answer as last time, message for message: say the first one anew.
            texts[0] = self.lib.vary(texts[0], f"{seed}:again", fingerprint(texts[0]))
        pairs = zip(replies, texts, strict=True)
        out = [r if t == r.text else replace(r, text=t) for r, t in pairs]
        said = Said.of(texts, topic).dump()
        if said != ctx.said:
            data = {**ctx.data, SAID_KEY: said}
            await self.store.set_conversation_if_user(ctx.user.id, ctx.state, data, ctx.now)
            ctx.said = said
        return out
