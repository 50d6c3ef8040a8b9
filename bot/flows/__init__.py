"""Conversation flows. Each takes a `Ctx` and returns replies; state lives in the database.

`all_flows()` is the one list of flows an engine is built with (see `bot.registry`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.registry import Flow


def all_flows() -> list[Flow]:
    """Every flow, for the composition root. Imported here, at start-up, not at import:
    the feature modules import `bot.flows.common`, so importing them from this package's
    top would be a cycle."""
    from bot.features import buddy, buddy_progress, linking
    from bot.flows import (
        account,
        crisis_support,
        onboarding,
        reflect,
        safety_plan,
        slips,
        typed_settings,
        urge,
    )

    return [
        account.ACCOUNT_FLOW,
        account.SETTINGS_FLOW,
        account.DELETE_FLOW,
        account.GUIDE_FLOW,
        account.REVIEW_FLOW,
        account.RESUMED_FLOW,
        account.EX_CONTACT_FLOW,
        typed_settings.FLOW,
        onboarding.FLOW,
        urge.FLOW,
        slips.FLOW,
        reflect.JOURNAL_FLOW,
        reflect.CHECKIN_FLOW,
        reflect.REASONS_FLOW,
        linking.LINK_FLOW,
        buddy.BUDDY_FLOW,
        buddy_progress.FLOW,
        crisis_support.FLOW,
        safety_plan.FLOW,
    ]
