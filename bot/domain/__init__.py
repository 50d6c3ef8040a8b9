"""The cooling-off rules themselves, free of platforms and storage: the streak, the
program's days, which nudge is due, quiet hours, reachability, time zones and short codes.
Pure functions the engine and the scheduler both ask, so a rule lives in one file."""
