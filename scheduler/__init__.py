"""Everything the bot sends unasked: morning nudges, check-ins, milestones, check-backs."""
