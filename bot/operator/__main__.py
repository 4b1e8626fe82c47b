"""`python -m bot.operator`: see bot/operator/cli.py."""

from bot.operator.cli import main

raise SystemExit(main())
