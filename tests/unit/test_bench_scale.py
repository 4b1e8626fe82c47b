"""The scale-out and start parts of the benchmark (evaluation/bench/): event counts per conversation,
replicas' ports, round-robin over replicas, report sections, plot. No Rasa server."""

from __future__ import annotations

import asyncio
import socket

import pytest
import sqlalchemy

from evaluation.assistant import free_port_block
from evaluation.bench import __main__ as cli
from evaluation.bench import events, load, machine, plot, report
from evaluation.bench.results import LevelResult, Sample
from evaluation.bench.start import PHASES, StartRun, StartSummary


def samples(sender: str, replies: list[int], errors: int = 0) -> list[Sample]:
    return [Sample(10.0, None, sender, n) for n in replies] + [Sample(30000.0, "timeout", sender, 0)] * errors


def test_expected_counts_are_messages_sent_and_bot_messages_received_per_sender():
    sent = samples("a", [1, 2, 1]) + samples("b", [3], errors=1)
    assert events.expected_counts(sent) == {"a": (3, 4), "b": (2, 3)}


def test_event_check_finds_lost_and_duplicated_events_per_conversation():
    expected = {"a": (3, 4), "b": (2, 3), "c": (1, 1)}
    stored = {"a": (3, 4), "b": (3, 2)}  # b: one user event twice, one bot event missing; c: nothing stored
    result = events.check(expected, stored)
    assert (result.lost_user, result.duplicated_user, result.lost_bot, result.duplicated_bot) == (1, 1, 2, 0)
    assert result.mismatched == ["b", "c"] and result.conversations == 3 and not result.ok
    assert events.describe(result) == "1 user perdus, 1 user dupliqués, 2 bot perdus (2/3 conv.)"
    assert events.describe(events.check({"a": (1, 1)}, {"a": (1, 1)})) == "OK (1 conv.)"
    assert events.describe(None) == "—"


def tracker_store(tmp_path, rows: list[tuple[str, str]]) -> str:
    """An SQLite file with Rasa's `events` table (the columns the check reads) and these rows."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT)")
        )
        for sender, kind in rows:
            connection.execute(
                sqlalchemy.text("INSERT INTO events (sender_id, type_name) VALUES (:s, :t)"), {"s": sender, "t": kind}
            )
    engine.dispose()
    return url


def test_stored_counts_and_cleanup_read_the_sql_tracker_store(tmp_path):
    rows = [("bench-x-1", "user"), ("bench-x-1", "bot"), ("bench-x-1", "bot"), ("bench-x-1", "action")]
    rows += [("bench-x-2", "user"), ("benchAx-3", "user"), ("other", "user")]
    url = tracker_store(tmp_path, rows)
    assert events.stored_counts(url, ["bench-x-1", "bench-x-2", "bench-x-9"]) == {
        "bench-x-1": (1, 2),
        "bench-x-2": (1, 0),
        "bench-x-9": (0, 0),
    }
    events.delete_conversations(url, "bench-x-")  # `-` and `_` are not wildcards
    left = events.stored_counts(url, ["bench-x-1", "benchAx-3", "other"])
    assert left == {"bench-x-1": (0, 0), "benchAx-3": (1, 0), "other": (1, 0)}


def test_messages_alternate_between_replicas(monkeypatch):
    sent = []

    async def fake_post(session, url, sender, text):
        sent.append(url)
        return Sample(1.0, None, sender, 1)

    monkeypatch.setattr(load, "post_message", fake_post)
    asyncio.run(load.conversation(None, ["r1", "r2"], "s", ["a"], 1, 4, load.BURST))
    assert sent == ["r2", "r1", "r2", "r1"]
    assert load.pick("only", 3, 5) == "only"


def test_level_senders_are_unique_to_the_setup_profile_and_level(monkeypatch):
    senders = []

    async def fake_post(session, url, sender, text):
        senders.append(sender)
        return Sample(1.0, None, sender, 1)

    monkeypatch.setattr(load, "post_message", fake_post)
    result, _wall = asyncio.run(load.run_level("u", 2, 1, ["a"], "run1", load.BURST, "pg_2_workers"))
    assert sorted({s.sender for s in result}) == [
        "bench-run1-pg_2_workers-burst-2-0",
        "bench-run1-pg_2_workers-burst-2-1",
    ]
    warmups = [s for s in senders if "warmup" in s]
    assert len(warmups) == load.WARMUP_CONVERSATIONS * load.WARMUP_REQUESTS


def test_free_port_block_gives_consecutive_free_ports():
    first = free_port_block(3)
    for port in range(first, first + 3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_parse_setups_and_levels():
    assert [s.name for s in cli.parse_setups("2-workers,2-replicas")] == ["pg_2_workers", "pg_2_replicas"]
    assert cli.parse_setups("none") == [] and cli.parse_levels("none") == []
    assert [(s.workers, s.replicas) for s in cli.parse_args([]).scale_setups] == [(1, 1), (2, 1), (1, 2)]
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        cli.parse_setups("3-workers")


def level(bot: str, profile: str, n: int, p95: float, wall: float = 2.0) -> LevelResult:
    return LevelResult(bot, profile, n, [Sample(p95, None, "s", 1)], wall, rss_rasa_mb=2048.0, pss_rasa_mb=1500.0)


def test_scale_table_lists_each_setup_then_the_stock_bot_at_the_same_levels():
    scale = [level(report.TWO_WORKERS, "burst", 10, 90.0), level(report.ONE_WORKER, "burst", 10, 120.0)]
    scale[1].events = events.EventCheck(conversations=10)
    stock = [level(report.REFERENCE, "burst", 10, 200.0), level(report.REFERENCE, "burst", 1, 20.0)]
    lines = report.scale_table(scale, stock).splitlines()
    assert lines[0].startswith("| Configuration | Conversations |") and lines[0].endswith("| Événements stockés |")
    assert (
        lines[2]
        == "| nous, PG + Redis, 1 processus | 10 | 1 | 0 | 120 | 120 | 120 | 0.5 | 2048 | 1500 | OK (10 conv.) |"
    )
    assert lines[3].startswith("| nous, PG + Redis, 2 processus | 10 |")
    assert lines[4].startswith("| bot de démarrage Rasa | 10 |") and len(lines) == 5


def test_start_section_has_each_run_the_medians_and_the_phases():
    phases = {key: {phase: 1.0 for phase in PHASES} | {"rss_mb": 900.0} for key in ("with", "without")}
    summary = StartSummary(
        runs=[StartRun(5.0, 18.0, 19.0, 1.2), StartRun(error="arrêté : boom"), StartRun(6.0, 20.0, 21.5, 1.4)],
        phases=phases,
    )
    text = "\n".join(report.start_section(summary))
    assert "| 1 | 5.0 | 18.0 | 19.0 | 1.2 |" in text and "| 2 | échec : arrêté : boom | | | |" in text
    assert "| **médiane** | 5.5 | 19.0 | 20.2 | 1.3 |" in text
    assert "| Phase | avec les accélérations | sans (chargement de Rasa d'origine) |" in text
    assert "| Mémoire (RSS, Mo) | 900 | 900 |" in text


def test_report_has_start_memory_scale_out_and_plot_sections(tmp_path):
    info = report.RunInfo({"nproc": "2"}, [10], 3, [load.BURST], scale_levels=[10, 50])
    info.start = StartSummary(runs=[StartRun(5.0, 18.0, 19.0, 1.2)])
    info.memory = report.MemoryProbe(messages=100, errors=0, rss_mb=1100.0, pss_mb=1000.0)
    info.plot = "bench-p95.png"
    scale = [level(report.ONE_WORKER, "burst", 10, 120.0)]
    text = report.render_report(info, [level(report.OURS, "burst", 10, 80.0)], [], scale)
    order = ["## Démarrage à froid", "## Mémoire", "## Profil burst", "## Montée en charge", "![p95", "## Objectifs"]
    assert [text.index(title) for title in order] == sorted(text.index(title) for title in order)
    assert "RSS 1100 Mo, PSS 1000 Mo" in text and "- Montée en charge : niveaux 10, 50" in text
    assert "**ATTEINT** — démarrage à froid : première réponse ≤ 25 s (médiane) (mesuré : 19.0 s)" in text


def test_plot_has_one_line_per_bot_and_profile(tmp_path):
    results = [
        level(report.OURS, "burst", 1, 50.0),
        level(report.OURS, "burst", 10, 80.0),
        level(report.TWO_WORKERS, "burst", 10, 60.0),
        level(report.OURS, "realistic", 10, 40.0),
    ]
    assert plot.series(results, "burst") == {report.OURS: [(1, 50.0), (10, 80.0)], report.TWO_WORKERS: [(10, 60.0)]}
    path = tmp_path / "p95.png"
    assert plot.plot_p95(results, path) and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not plot.plot_p95([], tmp_path / "none.png")


def test_tree_memory_sums_each_process_once(monkeypatch):
    monkeypatch.setattr(machine, "parent_pids", lambda: {1: 0, 10: 1, 11: 10, 20: 1})
    sizes = {10: 1024, 11: 2048, 20: 4096}
    assert machine.tree_mb([10, 11], lambda pid: sizes.get(pid, 0)) == 3.0  # 11 is 10's child: counted once
    assert machine.tree_mb([], lambda pid: 0) is None


def test_a_rest_reply_counts_one_bot_event_per_response_not_per_message():
    from evaluation.bench.results import bot_events

    assert bot_events([]) == 0
    assert bot_events([{"text": "a"}, {"text": "b", "buttons": [{"title": "x"}]}]) == 2
    # moodbot's utter_cheer_up: one response, sent by the REST channel as a text then an image
    assert (
        bot_events([{"text": "Here is something to cheer you up:"}, {"image": "https://i.imgur.com/nGF1K8f.jpg"}]) == 1
    )
    assert bot_events([{"image": "a.png"}, {"image": "b.png"}]) == 2  # two image-only responses
    assert bot_events([{"text": "a"}, {"custom": {"k": 1}}, {"image": "i.png"}, {"text": "b"}]) == 2


def test_an_unreadable_tracker_store_stops_the_run_with_a_message(tmp_path):
    with pytest.raises(RuntimeError, match="tracker store unreadable"):
        events.stored_counts(f"sqlite:///{tmp_path / 'empty.db'}", ["a"])  # no `events` table
