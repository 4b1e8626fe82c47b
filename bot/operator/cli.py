"""`python -m bot.operator`: the site operator's command line (messages in French).

python -m bot.operator insights --since AAAA-MM-JJ [--until AAAA-MM-JJ] [--out results/insights]
python -m bot.operator purge [--days N] [--dry-run]
python -m bot.operator erase IDENTIFIANT
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import SQLAlchemyError

from bot.operator import retention
from bot.operator.errors import EXIT_FAILURE, EXIT_USAGE, OperatorError
from bot.operator.period import Period, day_of, french_date, parse_day, today
from bot.operator.store import connect, is_empty

PROGRAM = "python -m bot.operator"
DEFAULT_OUT = Path("results") / "insights"

# argparse's own messages, in French.
_ARGPARSE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (.*)"), r"argument obligatoire manquant : \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"argument inconnu : \1"),
    (re.compile(r"argument (\S+): invalid choice: (\S+) .*"), r"commande inconnue : \2"),
    (re.compile(r"argument (\S+): expected one argument"), r"l'option \1 attend une valeur"),
]


def _french(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return "arguments invalides"


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are OperatorErrors in French, and whose help is in French."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=_Formatter, add_help=False, allow_abbrev=False, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide")

    def error(self, message: str) -> NoReturn:
        raise OperatorError(f"Erreur : {_french(message)} (aide : {PROGRAM} --help).", EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog=PROGRAM, description="Outils de l'exploitant du site : rapport d'usage, purge, effacement.")
    commands = main.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser, required=True)

    insights = commands.add_parser(
        "insights", help="rapport de ce que les gens demandent (Markdown et HTML)", description="Rapport d'usage."
    )
    insights.add_argument("--since", required=True, metavar="AAAA-MM-JJ", help="premier jour de la période")
    insights.add_argument("--until", metavar="AAAA-MM-JJ", help="dernier jour de la période (par défaut : aujourd'hui)")
    insights.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DOSSIER", help=f"dossier du rapport (défaut : {DEFAULT_OUT})"
    )

    purge = commands.add_parser(
        "purge",
        help="supprimer les conversations sans activité depuis N jours",
        description="Supprime les conversations dont le dernier événement date de plus de N jours.",
    )
    purge.add_argument(
        "--days",
        metavar="N",
        help=f"durée de conservation en jours (par défaut : {retention.RETENTION_VARIABLE}, "
        f"sinon {retention.DEFAULT_RETENTION_DAYS})",
    )
    purge.add_argument("--dry-run", action="store_true", help="compter sans rien supprimer")

    erase = commands.add_parser(
        "erase", help="effacer une conversation", description="Efface tous les événements d'une conversation."
    )
    erase.add_argument("sender_id", metavar="IDENTIFIANT", help="identifiant de la conversation (sender_id)")
    return main


def _insights(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    since = parse_day(args.since, "--since")
    until = parse_day(args.until, "--until") if args.until is not None else today()
    period = Period(since, until)
    from bot.operator.insights import write  # matplotlib is loaded only for the report

    engine = connect(env)
    try:
        written = write(engine, period, args.out)
    finally:
        engine.dispose()
    return (
        f"Rapport {period.describe()} ({written.insights.conversations} conversations, "
        f"{written.insights.messages} messages) : {written.markdown} et {written.html}"
    )


def _purge(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    days = retention.parse_days(args.days, "--days") if args.days is not None else retention.retention_days(env)
    engine = connect(env)
    try:
        if is_empty(engine):
            return "La base de conversations est vide : rien à purger."
        result = retention.purge(engine, days, dry_run=args.dry_run)
    finally:
        engine.dispose()
    rule = f"sans activité depuis {days} jours (dernier événement avant le {french_date(day_of(result.cutoff))})"
    if args.dry_run:
        return (
            f"Simulation, rien n'a été supprimé : {result.conversations} conversation(s) {rule} "
            f"seraient supprimées ({result.events} événements)."
        )
    return f"Conversations {rule} : {result.conversations} supprimée(s), {result.events} événements supprimés."


_TYPES = {"user": "messages de la personne", "bot": "réponses de l'assistant"}


def _erase(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    sender_id = args.sender_id
    if not sender_id.strip():
        raise OperatorError("Erreur : l'identifiant de conversation est vide.", EXIT_USAGE)
    engine = connect(env)
    try:
        result = retention.erase(engine, sender_id)
    finally:
        engine.dispose()
    details = [f"{result.by_type[name]} {label}" for name, label in _TYPES.items() if result.by_type[name]]
    others = result.events - sum(result.by_type[name] for name in _TYPES)
    if others > 0:
        details.append(f"{others} autres événements (actions, mémorisations, début de session)")
    return f"Conversation « {sender_id} » effacée : {result.events} événements supprimés ({', '.join(details)})."


_COMMANDS: dict[str, Callable[[argparse.Namespace, Mapping[str, str]], str]] = {
    "insights": _insights,
    "purge": _purge,
    "erase": _erase,
}


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Runs one command; prints its result on stdout, or one French line on stderr. The exit code."""
    environment = os.environ if env is None else env
    try:
        args = parser().parse_args(argv)
        print(_COMMANDS[args.command](args, environment))
    except OperatorError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except SQLAlchemyError as error:
        print(
            f"Erreur : la base de conversations a renvoyé une erreur inattendue ({type(error).__name__}).",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except SystemExit as exit_:  # --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    return 0
