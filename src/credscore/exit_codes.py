"""The exit codes every ``credscore`` command shares (``credscore --help`` lists them)."""

from __future__ import annotations

#: Every row scored.
EXIT_OK = 0
#: Some rows not scored (their ``error`` says why) or malformed lines skipped.
EXIT_ROWS = 1
#: Missing or unreadable input, a missing column, an impossible option.
EXIT_INPUT = 2
#: The model could not be loaded.
EXIT_MODEL = 3
#: The ratings could not be loaded.
EXIT_RATINGS = 4
#: An error credscore did not expect (a bug): never confused with "some rows not scored".
EXIT_INTERNAL = 70
