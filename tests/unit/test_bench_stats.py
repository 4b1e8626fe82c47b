"""The pure parts of the load benchmark (evaluation/bench.py): statistics, tables, targets. No server."""

from __future__ import annotations

import argparse
import math

import pytest

from evaluation import bench
from evaluation.bench import LevelResult, Sample


def level(bot: str, n: int, latencies: list[float], errors: list[str] | None = None, wall: float = 2.0):
    samples = [Sample(x) for x in latencies] + [Sample(30000.0, e) for e in errors or []]
    return LevelResult(bot, n, samples, wall, rss_rasa_mb=1024.4, rss_actions_mb=None)


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert bench.percentile(values, 0) == 10.0
    assert bench.percentile(values, 50) == 25.0
    assert bench.percentile(values, 100) == 40.0
    assert bench.percentile(values, 95) == pytest.approx(38.5)


def test_percentile_ignores_input_order_and_handles_one_or_no_value():
    assert bench.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert bench.percentile([7.0], 99) == 7.0
    assert math.isnan(bench.percentile([], 50))


def test_percentile_rejects_out_of_range():
    with pytest.raises(ValueError):
        bench.percentile([1.0], 101)


def test_level_result_counts_errors_apart_from_latencies():
    result = level("ours", 2, [100.0, 200.0], errors=["timeout", "http_500", "timeout"], wall=2.5)
    assert result.requests == 5
    assert result.error_count == 3
    assert result.latencies_ms == [100.0, 200.0]
    assert result.percentile(50) == 150.0
    assert result.throughput == 2.0
    assert bench.format_errors(result) == "3 (http_500: 1, timeout: 2)"


def test_classify_reply():
    assert bench.classify_reply(200, [{"text": "Bonjour"}]) is None
    assert bench.classify_reply(200, []) is None
    assert bench.classify_reply(500, None) == "http_500"
    assert bench.classify_reply(200, {"error": "x"}) == "invalid_reply"
    assert bench.classify_reply(200, [{"text": bench.UNAVAILABLE_REPLY}]) == "unavailable"


def test_ratio_is_none_when_a_side_is_missing():
    assert bench.ratio(150.0, 100.0) == 1.5
    assert bench.ratio(None, 100.0) is None
    assert bench.ratio(100.0, 0.0) is None
    assert bench.ratio(math.nan, 100.0) is None


def test_results_table_has_one_row_per_level_and_dashes_for_missing_values():
    table = bench.results_table([level("ours", 1, [100.0]), level("ours", 10, [], errors=["timeout"])])
    lines = table.splitlines()
    assert lines[0].startswith("| Conversations | Requêtes | Erreurs | p50 (ms) | p95 (ms) | p99 (ms)")
    assert len(lines) == 4
    assert lines[2] == "| 1 | 1 | 0 | 100 | 100 | 100 | 0.5 | 1024 | — |"
    assert lines[3].startswith("| 10 | 1 | 1 (timeout: 1) | — | — | — |")
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_ratio_table_only_has_levels_measured_for_both_bots():
    ours = [level("ours", 1, [200.0]), level("ours", 10, [300.0])]
    reference = [level("reference", 10, [100.0])]
    lines = bench.ratio_table(ours, reference).splitlines()
    assert lines[2:] == ["| 10 | 3.00 | 3.00 |"]


def test_targets_all_met():
    ours = [level("ours", 1, [50.0]), level("ours", 10, [100.0, 120.0])]
    reference = [level("reference", 10, [100.0, 100.0])]
    targets = bench.evaluate_targets(ours, reference)
    assert [t.met for t in targets] == [True, True, True]
    assert "ratio = 1.19" in targets[2].measured


def test_targets_missed():
    ours = [level("ours", 10, [100.0, 400.0], errors=["timeout"])]
    reference = [level("reference", 10, [100.0])]
    targets = bench.evaluate_targets(ours, reference)
    assert [t.met for t in targets] == [False, False, False]
    assert targets[0].measured == "1 erreur(s)"


def test_targets_not_measured_without_level_10_or_reference():
    targets = bench.evaluate_targets([level("ours", 1, [50.0])], [])
    assert [t.met for t in targets] == [True, None, None]
    assert [t.verdict for t in targets] == ["ATTEINT", "NON MESURÉ", "NON MESURÉ"]
    assert bench.evaluate_targets([], [])[0].met is None


def test_report_without_reference_has_no_reference_section():
    info = bench.RunInfo({"nproc": "2", "CPU": "Test CPU"}, [1], 3)
    report = bench.render_report(info, [level("ours", 1, [50.0])], None)
    assert "- nproc : 2" in report and "- CPU : Test CPU" in report
    assert "Référence" not in report
    assert "**ATTEINT** — 0 erreur" in report


def test_report_with_reference_has_both_tables_and_ratios():
    info = bench.RunInfo({"nproc": "2"}, [10], 3, notes=["note"])
    report = bench.render_report(info, [level("ours", 10, [100.0])], [level("reference", 10, [50.0])])
    assert report.count("| Conversations | Requêtes |") == 2
    assert "| 10 | 2.00 | 2.00 |" in report
    assert "**NON ATTEINT** — p95 nous / p95 référence" in report
    assert "- note" in report


def test_process_tree_follows_children_of_children():
    parents = {1: 0, 10: 1, 11: 10, 12: 11, 20: 1, 30: 2}
    assert sorted(bench.process_tree(10, parents)) == [10, 11, 12]


def test_parse_levels():
    assert bench.parse_levels("1,10,50") == [1, 10, 50]
    with pytest.raises(argparse.ArgumentTypeError):
        bench.parse_levels("0,5")


def test_cpu_model_reads_model_name(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: Test CPU @ 2.0GHz\n")
    assert bench.cpu_model(cpuinfo) == "Test CPU @ 2.0GHz"
    assert bench.cpu_model(tmp_path / "missing") == "inconnu"
