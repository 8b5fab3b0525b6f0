"""`python -m credscore` is the `credscore` command."""

from credscore.cli import main

raise SystemExit(main())
