"""`make eval`: one Markdown report of the assistant's quality, from Rasa's own evaluations and
our end-to-end cases. Writes results/report.md next to the plots Rasa produces.

Usage: python -m evaluation.report [--folds 5] [--skip-cv] [--skip-audit]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from bot.runtime.settings import MODEL_PATH, ROOT
from evaluation import advisories
from evaluation.cases import load_cases, report, run

RESULTS = ROOT / "results"
SHARED_SAMPLE = ROOT.parent / "shared" / "eval" / "sample_cases.yaml"


def rasa(*args: str) -> None:
    """Run a Rasa CLI command from the project root; fail loudly if it fails."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, env=env, check=True)


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


ENTITY_REPORT = "KnowledgeEntityExtractor_report.json"  # entities come from the knowledge lexicon


def nlu_scores(directory: Path) -> dict[str, float | None]:
    """Intent macro-F1 and the F1 of each entity type from a `rasa test nlu` output folder.
    Topics and aspects are reported apart: a topic picks the answer, an aspect only weighs it, and
    the held-out file labels aspects sparsely (« c'est quoi une SCIC » has no `definition` label),
    so a found aspect often counts as a false positive there (aspect precision 0.32, 2026-12-03)."""
    intents = read_json(directory / "intent_report.json")
    entities = read_json(directory / ENTITY_REPORT)
    return {
        "intent_macro_f1": (intents.get("macro avg") or {}).get("f1-score"),
        "intent_accuracy": intents.get("accuracy"),
        "topic_f1": (entities.get("topic") or {}).get("f1-score"),
        "aspect_f1": (entities.get("aspect") or {}).get("f1-score"),
    }


def worst_intents(directory: Path, count: int = 5) -> list[tuple[str, float]]:
    intents = read_json(directory / "intent_report.json")
    rows = [
        (name, v["f1-score"])
        for name, v in intents.items()
        if isinstance(v, dict) and "support" in v and name not in ("macro avg", "weighted avg", "micro avg")
    ]
    return sorted(rows, key=lambda row: row[1])[:count]


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def nlu_section(folds: int, skip_cv: bool) -> list[str]:
    held_out = RESULTS / "nlu"
    rasa("test", "nlu", "--model", str(MODEL_PATH), "--nlu", "tests/nlu/test_nlu.yml", "--out", str(held_out))
    scores = nlu_scores(held_out)
    lines = [
        "## Compréhension (NLU)",
        "",
        "| Jeu | F1 macro intentions | Exactitude intentions | F1 sujets | F1 aspects |",
        "|---|---|---|---|---|",
        f"| test réservé (`tests/nlu/test_nlu.yml`) | {fmt(scores['intent_macro_f1'])} | "
        f"{fmt(scores['intent_accuracy'])} | {fmt(scores['topic_f1'])} | {fmt(scores['aspect_f1'])} |",
    ]
    if not skip_cv:
        cv = RESULTS / "nlu-cv"
        rasa(
            "test",
            "nlu",
            "--nlu",
            "bot/data/nlu",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(cv),
        )
        cv_scores = nlu_scores(cv)
        lines.append(
            f"| validation croisée {folds} plis | {fmt(cv_scores['intent_macro_f1'])} | "
            f"{fmt(cv_scores['intent_accuracy'])} | {fmt(cv_scores['topic_f1'])} | {fmt(cv_scores['aspect_f1'])} |"
        )
    lines += [
        "",
        "Intentions les plus faibles (test réservé) : "
        + ", ".join(f"`{name}` {score:.2f}" for name, score in worst_intents(held_out)),
        "",
    ]
    lines += [
        "![Matrice de confusion](nlu/intent_confusion_matrix.png)",
        "![Histogramme de confiance](nlu/intent_histogram.png)",
        "",
    ]
    return lines


def stories_section() -> list[str]:
    out = RESULTS / "stories"
    rasa("test", "core", "--model", str(MODEL_PATH), "--stories", "tests/stories", "--out", str(out))
    data = read_json(out / "story_report.json")
    conversations = data.get("conversation_accuracy") or {}
    return [
        "## Histoires de test (dialogue)",
        "",
        f"- Conversations correctes : {conversations.get('correct')}/{conversations.get('total')}",
        f"- F1 macro des actions : {fmt((data.get('macro avg') or {}).get('f1-score'))}",
        "",
    ]


def cases_section() -> list[str]:
    """Every case file, one line each, run against the real assistant with its HTTP API on (to read
    what each reply answered): the files we tuned on, then the blind sets (written by someone who
    had not seen the training data, never tuned on), then the shared sample; and the calibration of
    the abstention threshold on a held-out split of the tuned cases."""
    from evaluation.assistant import assistant_env, by_name, started

    tuned = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
    blind = sorted((ROOT / "tests" / "cases" / "blind").glob("*.yaml"))
    tmp = RESULTS / "eval-assistant"
    tmp.mkdir(parents=True, exist_ok=True)
    token = "eval-" + os.urandom(8).hex()
    env = assistant_env(tmp, RASA_API_TOKEN=token)
    services = by_name(env)
    lines = ["## Cas de bout en bout", ""]
    with started([services["actions"], services["rasa"]], tmp / "assistant.log"):
        url = f"http://127.0.0.1:{env['PORT']}"
        for title, paths in (
            ("Nos cas (réglés dessus)", tuned),
            ("Cas à l'aveugle (jamais utilisés pour régler)", blind),
            ("Échantillon partagé", [SHARED_SAMPLE] if SHARED_SAMPLE.exists() else []),
        ):
            if not paths:
                continue
            lines += [
                f"### {title}",
                "",
                "| Fichier | Réussis | Total | Taux | Échecs sur un autre sujet |",
                "|---|---|---|---|---|",
            ]
            details = []
            for path in paths:
                results = run(url, load_cases([path]), token=token)
                passed, wrong, total = sum(r.passed for r in results), sum(r.wrong_topic for r in results), len(results)
                lines.append(f"| `{path.name}` | {passed} | {total} | {100 * passed / max(1, total):.1f} % | {wrong} |")
                details += ["", f"#### `{path.name}`", "", report(results)]
            lines += [*details, ""]
    lines += calibration_lines(tuned)
    return lines


def calibration_lines(tuned: list[Path]) -> list[str]:
    from evaluation import calibrate

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        calibrate.main([str(p) for p in tuned])
    return [
        "## Seuil d'abstention (calibré sur nos cas, mesuré sur une part réservée)",
        "",
        "```",
        output.getvalue().strip(),
        "```",
        "",
    ]


AUDIT_VENV = ROOT / "var" / "audit-venv"
# A local copy of github.com/pypa/advisory-database (its `vulns/` folder), used when pip-audit cannot
# reach a vulnerability service from this machine.
ADVISORY_DB = Path(os.environ.get("ADVISORY_DB", ROOT.parent / "shared" / "advisory-database"))


def audit_section() -> list[str]:
    """pip-audit of the project's installed packages. pip-audit needs a newer CacheControl than
    Rasa 3.6 allows, so it runs from its own virtual environment on a frozen requirements list."""
    audit_python = AUDIT_VENV / "bin" / "python"
    if not audit_python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(AUDIT_VENV)], check=True)
        subprocess.run([str(audit_python), "-m", "pip", "install", "--quiet", "pip-audit"], check=True)
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requirements = RESULTS / "requirements-frozen.txt"
    requirements.write_text(frozen, encoding="utf-8")
    result = subprocess.run(
        [
            str(audit_python),
            "-m",
            "pip_audit",
            "--requirement",
            str(requirements),
            "--no-deps",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return ["## Audit des dépendances", "", f"pip-audit n'a pas pu s'exécuter : {result.stderr[-500:]}", ""]
    dependencies = data.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    vulnerable = [d for d in dependencies if d.get("vulns")]
    lines = [
        "## Audit des dépendances (pip-audit)",
        "",
        f"{audited} paquets audités sur {len(dependencies)} ; {len(vulnerable)} avec des vulnérabilités connues.",
    ]
    if skipped:
        lines += [
            "",
            f"**{len(skipped)} paquets n'ont pas pu être audités** (« {skipped[0]['skip_reason']} ») : la base de "
            "vulnérabilités (API JSON de PyPI par version, ou osv.dev) n'est pas joignable depuis cette machine. "
            "Sur une machine qui la joint, `make eval` donne la liste.",
        ]
    if vulnerable:
        lines += ["", "| Paquet | Version | Vulnérabilités | Versions corrigées |", "|---|---|---|---|"]
    for dep in vulnerable:
        fixes = sorted({v for vuln in dep["vulns"] for v in vuln.get("fix_versions", [])})
        ids = ", ".join(vuln["id"] for vuln in dep["vulns"])
        lines.append(f"| {dep['name']} | {dep['version']} | {ids} | {', '.join(fixes) or 'aucune'} |")
    lines += [
        "",
        "Ce qui ne peut pas être corrigé sous Rasa 3.6 : `rasa==3.6.21` fixe notamment tensorflow 2.12, "
        "sanic 21.12, aiohttp < 3.10, numpy < 1.25, pydantic < 1.10.10 et setuptools 70.3 ; un correctif publié "
        "seulement dans une version plus récente de ces paquets exige de quitter Rasa 3.6.",
    ]
    if skipped:
        lines += offline_audit_lines(frozen)
    return lines + [""]


def offline_audit_lines(frozen: str) -> list[str]:
    """The installed packages checked against the local copy of the PyPA advisory database, with
    whether a fixed version fits the constraints of what is installed (Rasa 3.6's pins, ours)."""
    if not (ADVISORY_DB / "vulns").is_dir():
        return ["", f"Pas de copie locale de la base PyPA (`{ADVISORY_DB}`) : aucun audit hors ligne."]
    installed = advisories.parse_freeze(frozen)
    findings = advisories.audit(installed, ADVISORY_DB)
    requirements = [r for dist in metadata.distributions() for r in dist.requires or []]
    allowed = advisories.constraints(requirements)
    compatible = {f: advisories.fixable(f, allowed) for f in findings}
    packages = sorted({f.package for f in findings})
    blocked = sorted({f.package for f in findings if not compatible[f]})
    lines = [
        "",
        f"### Audit hors ligne (base PyPA, copie du {advisories.database_date(ADVISORY_DB)})",
        "",
        f"{len(installed)} paquets comparés à `{ADVISORY_DB}` : {len(findings)} avis touchent "
        f"{len(packages)} paquets ; pour {len(blocked)} d'entre eux ({', '.join(blocked) or 'aucun'}), "
        "aucune version corrigée n'est compatible avec les contraintes installées (Rasa 3.6 et ce projet). "
        "Les avis publiés après la date de la copie n'y sont pas.",
    ]
    if findings:
        lines += [
            "",
            "| Paquet | Version | Avis | Alias | Versions corrigées | Correctif compatible |",
            "|---|---|---|---|---|---|",
        ]
    for f in findings:
        lines.append(
            f"| {f.package} | {f.version} | {f.advisory} | {', '.join(f.aliases)} | "
            f"{', '.join(f.fixed) or 'aucune'} | {'oui' if compatible[f] else 'non'} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--skip-audit", action="store_true")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    lines = ["# Rapport d'évaluation de l'assistant", ""]
    lines += nlu_section(args.folds, args.skip_cv)
    lines += stories_section()
    lines += cases_section()
    if not args.skip_audit:
        lines += audit_section()
    (RESULTS / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nRapport écrit dans {RESULTS / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
