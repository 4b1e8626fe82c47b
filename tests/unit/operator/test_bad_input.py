"""Every bad input gives one French line on stderr and a non-zero exit code, never a traceback,
and deletes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.operator.cli import main
from bot.operator.errors import EXIT_FAILURE, EXIT_USAGE
from bot.operator.store import tracker_store_url
from bot.runtime.settings import defaults
from tests.unit.operator.conversations import ask, at, session_start

COMMANDS = [
    ["insights", "--since", "2025-03-01", "--until", "2025-03-31"],
    ["purge", "--days", "1"],
    ["erase", "alice"],
]


@pytest.fixture
def populated(store):
    """An old conversation (10 March 2025) and a recent one."""
    store.save("alice", session_start(at(10, 9)) + ask("C'est quoi une SCIC ?", at(10, 9, 1), topic="scic"))
    now = time.time()
    store.save("bruno", session_start(now - 60) + ask("Et un GE ?", now - 30, topic="ge"))
    return store


def run(argv: list[str], env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv, env=env)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_french_line(err: str, *fragments: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("Erreur : "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize("argv", COMMANDS)
@pytest.mark.parametrize(
    "url, fragment",
    [
        ("pas une url", "n'est pas une URL de base de données valide"),
        ("redis://localhost:6379/0", "seules SQLite et PostgreSQL"),
        ("nimportequoi://hote/base", "seules SQLite et PostgreSQL"),
        ("sqlite://", "base SQLite en mémoire"),
    ],
)
def test_a_malformed_url(argv, url, fragment, capsys):
    code, out, err = run(argv, {"TRACKER_STORE_URL": url}, capsys)
    assert (code, out) == (EXIT_USAGE if "mémoire" not in fragment else EXIT_FAILURE, "")
    assert_one_french_line(err, fragment)


def test_the_password_of_a_url_is_never_printed(capsys):
    code, _, err = run(["purge"], {"TRACKER_STORE_URL": "postgresql://ess:s3cret@127.0.0.1:1/test"}, capsys)
    assert code == EXIT_FAILURE and "s3cret" not in err
    assert_one_french_line(err, "impossible de se connecter", "ess:***@127.0.0.1:1/test", "le serveur est injoignable")


@pytest.mark.parametrize("argv", COMMANDS)
def test_an_unreachable_database(argv, capsys):
    code, out, err = run(argv, {"TRACKER_STORE_URL": "postgresql://postgres@127.0.0.1:1/test"}, capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, "impossible de se connecter à la base de conversations")


@pytest.mark.parametrize("argv", COMMANDS)
def test_a_missing_sqlite_file_is_not_created(argv, tmp_path, capsys):
    path = tmp_path / "absent.db"
    code, out, err = run(argv, {"TRACKER_STORE_URL": f"sqlite:///{path}"}, capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, f"le fichier de conversations {path} n'existe pas")
    assert not path.exists()


@pytest.mark.parametrize("argv", COMMANDS)
def test_a_missing_table(argv, blank_url, capsys):
    code, out, err = run(argv, {"TRACKER_STORE_URL": blank_url}, capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, "la table « events » est absente")


def test_an_empty_store(store, capsys):
    code, out, err = run(COMMANDS[0], store.env(), capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, "la base de conversations est vide")
    code, out, err = run(COMMANDS[2], store.env(), capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, "aucune conversation « alice »")
    # A purge that finds nothing to delete is not a failure: cron runs it on an emptied store too.
    assert run(COMMANDS[1], store.env(), capsys) == (0, "La base de conversations est vide : rien à purger.\n", "")


def test_a_period_without_data(populated, tmp_path, capsys):
    argv = ["insights", "--since", "2024-01-01", "--until", "2024-01-31", "--out", str(tmp_path / "r")]
    code, out, err = run(argv, populated.env(), capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, "aucun message de personne du 01/01/2024 au 31/01/2024")
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "dates, fragment",
    [
        (["--since", "2025-02-30"], "--since « 2025-02-30 » n'est pas une date valide"),
        (["--since", "hier"], "--since « hier » n'est pas une date valide (format attendu AAAA-MM-JJ"),
        (["--since", "20250301"], "--since « 20250301 » n'est pas une date valide"),
        (["--since", "2025-03-01", "--until", "31/03/2025"], "--until « 31/03/2025 » n'est pas une date valide"),
        (["--since", "2025-03-31", "--until", "2025-03-01"], "la période commence le 31/03/2025 après sa fin"),
        ([], "argument obligatoire manquant : --since"),
        (["--since"], "l'option --since attend une valeur"),
    ],
)
def test_a_bad_date(dates, fragment, populated, capsys):
    before = populated.count()
    code, out, err = run(["insights", *dates], populated.env(), capsys)
    assert (code, out) == (EXIT_USAGE, "")
    assert_one_french_line(err, fragment)
    assert populated.count() == before


@pytest.mark.parametrize(
    "argv, env, fragment",
    [
        (["purge", "--days", "0"], {}, "--days « 0 » n'est pas un nombre de jours valide"),
        (["purge", "--days", "-3"], {}, "--days « -3 » n'est pas un nombre de jours valide"),
        (["purge", "--days", "six mois"], {}, "--days « six mois » n'est pas un nombre de jours valide"),
        (["purge"], {"RETENTION_DAYS": "abc"}, "RETENTION_DAYS « abc » n'est pas un nombre de jours valide"),
        (["purge", "--dry"], {}, "argument inconnu : --dry"),
        (["effacer", "alice"], {}, "commande inconnue : 'effacer'"),
        ([], {}, "argument obligatoire manquant : COMMANDE"),
        (["erase"], {}, "argument obligatoire manquant : IDENTIFIANT"),
        (["erase", " "], {}, "l'identifiant de conversation est vide"),
    ],
)
def test_bad_arguments_delete_nothing(argv, env, fragment, populated, capsys):
    before = populated.count()
    code, out, err = run(argv, populated.env(**env), capsys)
    assert (code, out) == (EXIT_USAGE, "")
    assert_one_french_line(err, fragment)
    assert populated.count() == before


def test_an_unknown_conversation_is_not_erased(populated, capsys):
    before = populated.count()
    code, out, err = run(["erase", "personne"], populated.env(), capsys)
    assert (code, out) == (EXIT_FAILURE, "")
    assert_one_french_line(err, "aucune conversation « personne » dans la base ; rien n'a été effacé.")
    assert populated.count() == before


def test_the_default_url_is_the_assistants(tmp_path):
    assert tracker_store_url({}) == defaults({})["TRACKER_STORE_URL"]
    assert tracker_store_url({"PORT": "6123"}).endswith(f"{Path('var') / 'tracker-6123.db'}")
    assert tracker_store_url({"TRACKER_STORE_URL": f"sqlite:///{tmp_path}/x.db"}) == f"sqlite:///{tmp_path}/x.db"
