"""The pure parts of the load benchmark (evaluation/bench/): statistics, profiles, tables, targets. No server."""

from __future__ import annotations

import argparse
import asyncio
import math
import random

import pytest
import yaml

from evaluation.bench import __main__ as cli
from evaluation.bench import events, load, machine, report
from evaluation.bench.results import UNAVAILABLE_REPLY, LevelResult, Sample, classify_reply, percentile, ratio
from evaluation.bench.start import StartRun, StartSummary


def level(
    bot: str,
    n: int,
    latencies: list[float],
    errors: list[str] | None = None,
    wall: float = 2.0,
    profile: str = "realistic",
):
    samples = [Sample(x) for x in latencies] + [Sample(30000.0, e) for e in errors or []]
    return LevelResult(bot, profile, n, samples, wall, rss_rasa_mb=1024.4, rss_actions_mb=None)


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0) == 10.0
    assert percentile(values, 50) == 25.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 95) == pytest.approx(38.5)


def test_percentile_of_unsorted_single_and_empty_lists():
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 50))


def test_percentile_rejects_out_of_range():
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_level_result_counts_errors_apart_from_latencies():
    result = level("ours", 2, [100.0, 200.0], errors=["timeout", "http_500", "timeout"], wall=2.5)
    assert result.requests == 5
    assert result.error_count == 3
    assert result.latencies_ms == [100.0, 200.0]
    assert result.percentile(50) == 150.0
    assert result.throughput == 2.0
    assert report.format_errors(result) == "3 (http_500: 1, timeout: 2)"


def test_classify_reply():
    assert classify_reply(200, [{"text": "Bonjour"}]) is None
    assert classify_reply(200, []) is None
    assert classify_reply(500, None) == "http_500"
    assert classify_reply(200, {"error": "x"}) == "invalid_reply"
    assert classify_reply(200, [{"text": UNAVAILABLE_REPLY}]) == "unavailable"


def test_ratio_is_none_when_a_side_is_missing():
    assert ratio(150.0, 100.0) == 1.5
    assert ratio(None, 100.0) is None
    assert ratio(100.0, 0.0) is None
    assert ratio(math.nan, 100.0) is None


def test_burst_never_pauses_and_realistic_pauses_within_its_bounds():
    rng = random.Random(0)
    assert load.BURST.pause(rng) == 0.0
    pauses = [load.REALISTIC.pause(rng) for _ in range(200)]
    assert min(pauses) >= 1.0 and max(pauses) <= 3.0
    assert max(pauses) - min(pauses) > 1.0  # drawn, not constant


def test_conversation_sends_in_order_with_a_pause_before_each_message(monkeypatch):
    sent, slept = [], []

    async def fake_post(session, url, sender, text):
        sent.append((sender, text))
        return Sample(1.0)

    async def fake_sleep(seconds):
        slept.append(seconds)

    monkeypatch.setattr(load, "post_message", fake_post)
    monkeypatch.setattr(load.asyncio, "sleep", fake_sleep)
    samples = asyncio.run(load.conversation(None, "u", "s", ["a", "b", "c"], 1, 4, load.REALISTIC))
    assert [text for _, text in sent] == ["b", "c", "a", "b"]
    assert len(samples) == 4
    assert len(slept) == 4 and all(1.0 <= s <= 3.0 for s in slept)
    asyncio.run(load.conversation(None, "u", "s", ["a"], 0, 2, load.BURST))
    assert slept[4:] == [0.0, 0.0]


def test_results_table_has_one_row_per_level_and_dashes_for_missing_values():
    table = report.results_table([level("ours", 1, [100.0]), level("ours", 10, [], errors=["timeout"])])
    lines = table.splitlines()
    assert lines[0].startswith("| Conversations | Requêtes | Erreurs | p50 (ms) | p95 (ms) | p99 (ms)")
    assert len(lines) == 4
    assert lines[2] == "| 1 | 1 | 0 | 100 | 100 | 100 | 0.5 | 1024 | — | — |"
    assert lines[3].startswith("| 10 | 1 | 1 (timeout: 1) | — | — | — |")
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_ratio_table_only_has_levels_measured_for_both_bots():
    ours = [level("ours", 1, [200.0]), level("ours", 10, [300.0])]
    reference = [level("reference", 10, [100.0])]
    lines = report.ratio_table(ours, reference).splitlines()
    assert lines[2:] == ["| 10 | 3.00 | 3.00 |"]


def issue_results(ours_p95: float, stock_p95: float, workers_p95: float, stock_burst_p95: float, walls=(10.0, 6.0)):
    """Results at 10 conversations: ours (realistic), the stock bot (both profiles), 1 and 2 workers
    (burst, 100 requests each in `walls` seconds)."""
    one_wall, two_wall = walls
    ours = [level(report.OURS, 10, [ours_p95] * 20)]
    reference = [
        level(report.REFERENCE, 10, [stock_p95] * 20),
        level(report.REFERENCE, 10, [stock_burst_p95] * 20, profile="burst"),
    ]
    scale = [
        level(report.ONE_WORKER, 10, [workers_p95] * 100, wall=one_wall, profile="burst"),
        level(report.TWO_WORKERS, 10, [workers_p95] * 100, wall=two_wall, profile="burst"),
    ]
    return ours, reference, scale


def test_targets_of_the_issue_met():
    ours, reference, scale = issue_results(50.0, 45.0, 120.0, 200.0)
    scale[1].events = events.EventCheck(conversations=10)
    start = StartSummary(runs=[StartRun(answer_s=t) for t in (19.0, 30.0, 20.0)])
    memory = report.MemoryProbe(messages=100, errors=0, rss_mb=1000.0)
    targets = report.evaluate_targets(ours, reference, scale, start, memory)
    assert [t.met for t in targets] == [True] * 9, [(t.name, t.measured) for t in targets]
    assert targets[1].measured == "0 sur 10 conversations vérifiées"
    assert targets[5].measured == "ratio 1.11 (50 ms contre 45 ms)"
    assert targets[6].measured == "× 1.67 à 10 conversations"
    assert targets[7].measured == "20.0 s"  # the median of the runs


def test_targets_of_the_issue_missed():
    ours, reference, scale = issue_results(70.0, 50.0, 160.0, 100.0, walls=(10.0, 8.0))
    scale[0].samples.append(Sample(30000.0, "timeout"))
    scale[1].events = events.EventCheck(conversations=10, lost_user=1, duplicated_bot=2, mismatched=["a", "b"])
    start = StartSummary(runs=[StartRun(answer_s=26.0)])
    memory = report.MemoryProbe(messages=100, errors=0, rss_mb=1300.0)
    targets = report.evaluate_targets(ours, reference, scale, start, memory)
    assert [t.met for t in targets] == [False] * 9, [(t.name, t.measured) for t in targets]
    assert targets[0].measured == "1"
    assert targets[1].measured == "3 sur 10 conversations vérifiées"
    assert targets[3].measured == "160 ms contre 100 ms"


def test_targets_not_measured_without_level_10_reference_or_scale_out():
    targets = report.evaluate_targets([level("ours", 1, [50.0])], [])
    assert [t.met for t in targets] == [True] + [None] * 8
    assert [t.verdict for t in targets[:2]] == ["ATTEINT", "NON MESURÉ"]
    assert report.evaluate_targets([], [])[0].met is None


def test_report_without_reference_has_no_reference_section():
    info = report.RunInfo({"nproc": "2", "CPU": "Test CPU"}, [1], 3, [load.REALISTIC])
    text = report.render_report(info, [level("ours", 1, [50.0])], None)
    assert "- nproc : 2" in text and "- CPU : Test CPU" in text
    assert "Référence" not in text
    assert "**ATTEINT** — 0 erreur" in text


def test_report_has_a_section_per_profile_with_both_tables_and_ratios():
    info = report.RunInfo({"nproc": "2"}, [10], 3, [load.REALISTIC, load.BURST], notes=["note"])
    ours = [level("ours", 10, [100.0]), level("ours", 10, [400.0], profile="burst")]
    reference = [level("reference", 10, [50.0]), level("reference", 10, [400.0], profile="burst")]
    text = report.render_report(info, ours, reference)
    assert text.count("| Conversations | Requêtes |") == 4
    assert text.index("## Profil realistic") < text.index("| 10 | 2.00 | 2.00 |") < text.index("## Profil burst")
    assert "| 10 | 1.00 | 1.00 |" in text
    assert "**NON ATTEINT** — réaliste à 10 conversations : p95 ≤ 1.2 × celui du bot de démarrage Rasa" in text
    assert "- note" in text


def test_process_tree_follows_children_of_children():
    parents = {1: 0, 10: 1, 11: 10, 12: 11, 20: 1, 30: 2}
    assert sorted(machine.process_tree(10, parents)) == [10, 11, 12]


def test_parse_levels_and_profiles():
    assert cli.parse_levels("1,10,50") == [1, 10, 50]
    with pytest.raises(argparse.ArgumentTypeError):
        cli.parse_levels("0,5")
    assert cli.parse_profiles("burst") == [load.BURST]
    assert [p.name for p in cli.parse_args([]).profiles] == ["realistic", "burst"]
    with pytest.raises(argparse.ArgumentTypeError):
        cli.parse_profiles("realistic,slow")


def test_sqlite_reference_gets_its_own_table_but_targets_compare_to_the_stock_bot():
    info = report.RunInfo({"nproc": "2"}, [10], 3, [load.REALISTIC])
    ours = [level("ours", 10, [120.0])]
    reference = [level(report.REFERENCE, 10, [60.0]), level(report.REFERENCE_SQLITE, 10, [100.0])]
    text = report.render_report(info, ours, reference)
    assert text.index(report.BOT_TITLES[report.REFERENCE]) < text.index(report.BOT_TITLES[report.REFERENCE_SQLITE])
    assert "| 10 | 2.00 | 2.00 |" in text and "| 10 | 1.20 | 1.20 |" in text
    assert report.evaluate_targets(ours, reference)[5].measured == "ratio 2.00 (120 ms contre 60 ms)"


def test_sqlite_endpoints_file_points_rasa_at_the_database(tmp_path):
    from evaluation.bench.servers import sqlite_endpoints

    path = sqlite_endpoints(tmp_path / "endpoints.yml", tmp_path / "t.db")
    assert yaml.safe_load(path.read_text()) == {
        "tracker_store": {"type": "SQL", "url": f"sqlite:///{tmp_path / 't.db'}"}
    }
