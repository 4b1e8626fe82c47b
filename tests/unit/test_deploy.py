"""Static checks of the deployment files: deploy/Dockerfile, .dockerignore and deploy/helm/values.yml.

There is no Docker engine and no Kubernetes cluster where these tests run, so nothing is built or
installed: the files are parsed and compared with what the code does. The environment variables the
project reads are found by scanning the code (bot/**/*.py, with `ast`) and the `${VAR}` placeholders
of endpoints.yml and credentials.yml; the deployment files must set exactly those, and the README's
« Configuration » table must document them.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.runtime import serve, settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
VALUES = ROOT / "deploy" / "helm" / "values.yml"
README = ROOT / "README.md"
RASA_CONFIG_FILES = (ROOT / "endpoints.yml", ROOT / "credentials.yml")

# Where the image keeps the project: the chart rasa/rasa mounts its endpoints.yml and credentials.yml
# at /app/endpoints.yml and /app/credentials.yml (charts/rasa/templates/_containers-volumes.yaml).
APP_DIR = "/app"

# Variables the scanner finds but that the project only passes through to other software, with the
# reason; they are not part of the project's configuration. Empty today: the defaults that
# bot/runtime/settings.py hands to Rasa, TensorFlow and SQLAlchemy (RASA_TELEMETRY_ENABLED,
# TF_CPP_MIN_LOG_LEVEL, SQLALCHEMY_SILENCE_UBER_WARNING) are written, never read, by the project.
PASS_THROUGH: dict[str, str] = {}

# Variables the Helm values need not set, with the reason.
NOT_IN_HELM = {
    "WEB_PORT": "only the demo page (bot/runtime/web.py) and the default of CORS_ORIGINS use it; "
    "the chart deploys no demo page and the values set CORS_ORIGINS",
    "PRIVACY_NOTICE": "only the demo page (bot/runtime/web.py, /config.js) reads it; the chart deploys no demo page",
    "PRIVACY_URL": "only the demo page (bot/runtime/web.py, /config.js) reads it; the chart deploys no demo page",
}

# Variables the chart itself defines in the Rasa container before `extraEnv` (rasa-common 1.0.x,
# templates _postgresql.tpl and _redis.tpl; charts/rasa/templates/helpers/_action-server.tpl).
CHART_ENV = {
    "DB_USER",
    "DB_HOST",
    "DB_PORT",
    "DB_DATABASE",
    "DB_PASSWORD",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_PASSWORD",
    "ACTION_SERVER_URL",
}

# Keys of the lock store that only the chart's endpoints.yml has: the chart's Redis has a password.
CHART_ONLY_STORE_KEYS = {"password"}


# --- Environment variables read by the code --------------------------------------------------------

ENV_MAPPING_NAMES = {"env", "environ", "environment"}  # variables holding the process environment
ENV_METHODS = {"get", "setdefault", "pop"}
PLACEHOLDER = re.compile(r"\$\{([^}:]+)\}")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_name(path: Path, root: Path) -> str:
    """The package that `from . import x` refers to in this file."""
    module = _module_name(path, root)
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            constants.update({t.id: value.value for t in targets if isinstance(t, ast.Name)})
    return constants


def _visible_constants(tree: ast.Module, path: Path, root: Path, modules: dict[str, dict[str, str]]) -> dict[str, str]:
    """The string constants a module can name: its own, `from x import NAME` and `module.NAME`."""
    visible = dict(modules.get(_module_name(path, root), {}))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import: `.` is the file's package, `..` its parent
                package = _package_name(path, root).split(".")
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                name = alias.asname or alias.name
                if alias.name in modules.get(base, {}):
                    visible[name] = modules[base][alias.name]
                for constant, value in modules.get(f"{base}.{alias.name}", {}).items():
                    visible[f"{name}.{constant}"] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                for constant, value in modules.get(alias.name, {}).items():
                    visible[f"{alias.asname or alias.name}.{constant}"] = value
    return visible


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _is_environment(node: ast.AST) -> bool:
    """os.environ (or any `x.environ`), or a variable named like the environment (env, environ)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id in ENV_MAPPING_NAMES


def _env_keys(tree: ast.Module, constants: dict[str, str]) -> Iterator[str]:
    """Constant keys of os.environ.get/[]/setdefault/pop, env.get/[], os.getenv, "X" in os.environ."""

    def text(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        name = _dotted(node)
        return constants.get(name) if name else None

    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ENV_METHODS and _is_environment(func.value):
                key = node.args[0]
            elif (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                isinstance(func, ast.Name) and func.id == "getenv"
            ):
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environment(node.value):
            key = node.slice
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            if any(_is_environment(c) for c in node.comparators):
                key = node.left
        if key is not None and (value := text(key)) is not None:
            yield value


def python_env_reads(root: Path, package: str = "bot") -> dict[str, set[str]]:
    """{variable: files reading it} for the Python files under root/package."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((root / package).rglob("*.py"))}
    modules = {_module_name(path, root): _module_constants(tree) for path, tree in trees.items()}
    found: dict[str, set[str]] = {}
    for path, tree in trees.items():
        constants = _visible_constants(tree, path, root, modules)
        for key in _env_keys(tree, constants):
            found.setdefault(key, set()).add(str(path.relative_to(root)))
    return found


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def placeholder_reads(paths: Iterable[Path]) -> dict[str, set[str]]:
    """{variable: files} for the `${VAR}` placeholders in YAML values (comments are not values)."""
    found: dict[str, set[str]] = {}
    for path in paths:
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for name in PLACEHOLDER.findall(text):
                found.setdefault(name.strip(), set()).add(path.name)
    return found


def project_variables() -> set[str]:
    names = set(python_env_reads(ROOT)) | set(placeholder_reads(RASA_CONFIG_FILES))
    return names - set(PASS_THROUGH)


def readme_configuration_variables() -> set[str]:
    """The variables in the first column of the README's « Configuration » table."""
    text = README.read_text(encoding="utf-8")
    assert "\n## Configuration" in text, "README has no « Configuration » section"
    section = text.split("\n## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("|"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


# --- Dockerfile --------------------------------------------------------------------------------------


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comment lines dropped."""
    instructions, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and not current):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        keyword, _, arguments = current.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a line continuation"
    return instructions


def _arguments(instructions: list[tuple[str, str]], keyword: str) -> list[str]:
    return [arguments for name, arguments in instructions if name == keyword]


def dockerfile_env(instructions: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for arguments in _arguments(instructions, "ENV"):
        words = shlex.split(arguments)
        if all("=" in word for word in words):
            env.update(word.split("=", 1) for word in words)
        else:  # legacy form: ENV NAME value
            env[words[0]] = " ".join(words[1:])
    return env


def dockerfile_args(instructions: list[tuple[str, str]]) -> dict[str, str]:
    """ARG NAME[=default] -> {NAME: default}."""
    args = {}
    for arguments in _arguments(instructions, "ARG"):
        name, _, default = arguments.partition("=")
        args[name] = default
    return args


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))


# --- Helm values -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def _env_entries(values: dict[str, Any]) -> list[dict[str, Any]]:
    return [*values.get("extraEnv", []), *values.get("rasa-action-server", {}).get("extraEnv", [])]


def _env_value(entries: list[dict[str, Any]], name: str) -> str:
    return next(entry["value"] for entry in entries if entry["name"] == name)


# --- The scanner itself ----------------------------------------------------------------------------


def test_the_scanner_finds_every_way_of_reading_the_environment(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "names.py").write_text('URL_VARIABLE = "FROM_CONSTANT"\nOTHER: str = "FROM_MODULE_ATTRIBUTE"\n')
    (package / "sub" / "code.py").write_text(
        "import os\n"
        "from os import environ, getenv\n"
        "from pkg import names\n"
        "from pkg.names import URL_VARIABLE\n"
        "from ..names import URL_VARIABLE as RELATIVE\n"
        'LOCAL = "FROM_LOCAL_CONSTANT"\n'
        "def f(env, key):\n"
        '    os.environ.get("A", "1"); os.environ["B"]; os.getenv("C"); getenv("D"); environ.get("E")\n'
        '    env["F"]; env.get("G"); f"{env[\'H\']}"; os.environ.setdefault("I", "x"); "J" in os.environ\n'
        "    env.get(URL_VARIABLE); env.get(names.OTHER); os.environ.get(LOCAL); env[RELATIVE]\n"
        '    env.get(key); config.get("NOT_ENV"); settings["NOT_ENV_EITHER"]; env.setdefault(key, "x")\n'
    )
    found = python_env_reads(tmp_path, "pkg")
    assert set(found) == {*"ABCDEFGHIJ", "FROM_CONSTANT", "FROM_MODULE_ATTRIBUTE", "FROM_LOCAL_CONSTANT"}
    assert found["A"] == {"pkg/sub/code.py"}


def test_placeholders_are_read_from_values_not_comments(tmp_path):
    config = tmp_path / "endpoints.yml"
    config.write_text("# ${IN_COMMENT}\nstore:\n  url: ${URL}\n  port: ${PORT}\n  list:\n    - a-${IN_LIST}\n")
    assert set(placeholder_reads([config])) == {"URL", "PORT", "IN_LIST"}


def test_the_project_reads_the_documented_core_variables():
    """A guard against a scanner that finds nothing: these are read today (README, « Configuration »)."""
    assert {"PORT", "ACTIONS_PORT", "CORS_ORIGINS", "TRACKER_STORE_URL", "RASA_API_TOKEN"} <= project_variables()


# --- Variables: code, deployment files and README agree -----------------------------------------------


def test_helm_values_set_every_variable_the_servers_read_and_no_other(values):
    names = [entry["name"] for entry in _env_entries(values)]
    assert len(names) == len(set(names)), "a variable is set twice in extraEnv"
    expected = project_variables() - set(NOT_IN_HELM)
    assert not expected - set(names), f"missing from deploy/helm/values.yml extraEnv: {expected - set(names)}"
    assert not set(names) - expected, f"not read by the project: {set(names) - expected}"


def test_dockerfile_sets_only_variables_the_project_reads_with_the_same_defaults(dockerfile):
    env = dockerfile_env(dockerfile)
    assert env, "the Dockerfile sets no ENV"
    assert not set(env) - project_variables(), f"not read by the project: {set(env) - project_variables()}"
    defaults = settings.defaults({})
    for name, value in env.items():
        assert name in defaults, f"{name} has no default in bot/runtime/settings.py to mirror"
        assert value == defaults[name], f"ENV {name}={value} but bot/runtime/settings.py says {defaults[name]}"


def test_deployment_files_together_set_exactly_the_variables_the_project_reads(values, dockerfile):
    deployed = {entry["name"] for entry in _env_entries(values)} | set(dockerfile_env(dockerfile))
    assert deployed == project_variables()


def test_every_variable_the_project_reads_is_in_the_readme_configuration_table():
    undocumented = project_variables() - readme_configuration_variables()
    assert not undocumented, f"add to README « Configuration »: {sorted(undocumented)}"


# --- Dockerfile ----------------------------------------------------------------------------------------


def test_base_image_is_the_python_version_of_the_project(dockerfile):
    images = _arguments(dockerfile, "FROM")
    assert len(images) == 1
    image = images[0].split()[0]
    python = ".".join((ROOT / ".python-version").read_text().strip().split(".")[:2])
    assert python == "3.10"
    assert re.fullmatch(rf"python:{re.escape(python)}(\.\d+)?-slim-[a-z]+(@sha256:[0-9a-f]{{64}})?", image), image


def test_image_starts_the_three_processes_as_a_non_root_user_from_app(dockerfile):
    assert [json.loads(cmd) for cmd in _arguments(dockerfile, "CMD")] == [["python", "-m", "bot.runtime.serve"]]
    assert [service.name for service in serve.services(settings.defaults({}))] == ["actions", "rasa", "web"]
    users = _arguments(dockerfile, "USER")
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert _arguments(dockerfile, "WORKDIR") == [APP_DIR]


def test_exposed_ports_are_the_default_ports(dockerfile):
    exposed = {port.split("/")[0] for arguments in _arguments(dockerfile, "EXPOSE") for port in arguments.split()}
    defaults = settings.defaults({})
    assert exposed == {defaults["PORT"], defaults["ACTIONS_PORT"], defaults["WEB_PORT"]}


def test_image_carries_the_trained_model_where_the_code_looks_for_it(dockerfile):
    model = settings.MODEL_PATH.relative_to(ROOT).as_posix()
    copies = [shlex.split(arguments) for arguments in _arguments(dockerfile, "COPY")]
    sources = {
        source.replace("${MODEL_ARCHIVE}", dockerfile_args(dockerfile).get("MODEL_ARCHIVE", "")): words[-1]
        for words in copies
        for source in words[:-1]
    }
    assert sources.get(model) == f"{APP_DIR}/{model}"


def _ignored(path: str, patterns: list[str]) -> bool:
    """.dockerignore semantics for our simple patterns: the last matching pattern wins."""
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.removeprefix("!").strip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            ignored = not negated
    return ignored


def test_dockerignore_keeps_what_the_image_copies_and_drops_the_rest(dockerfile):
    patterns = [
        line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    for words in (shlex.split(arguments) for arguments in _arguments(dockerfile, "COPY")):
        for source in words[:-1]:
            source = source.replace("${MODEL_ARCHIVE}", dockerfile_args(dockerfile)["MODEL_ARCHIVE"])
            assert not _ignored(source, patterns), f"{source} is copied by the Dockerfile but in .dockerignore"
            if source != dockerfile_args(dockerfile)["MODEL_ARCHIVE"]:  # the model exists after `make train`
                assert (ROOT / source).exists(), source
    for path in (".venv/bin/python", ".git/HEAD", "models/other.tar.gz", "var/tracker-5005.db", "results/a.md"):
        assert _ignored(path, patterns), path


class _Root(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/" else 404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_healthcheck_asks_the_rasa_server_root_url(dockerfile, tmp_path):
    (healthcheck,) = _arguments(dockerfile, "HEALTHCHECK")
    command = healthcheck.split(" CMD ", 1)[1]
    (tmp_path / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (tmp_path / "python").chmod(0o755)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = str(server.server_address[1])
    env = {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "PORT": port}
    try:
        assert subprocess.run(["sh", "-c", command], env=env, timeout=30).returncode == 0
    finally:
        server.shutdown()
        server.server_close()
    assert subprocess.run(["sh", "-c", command], env=env, timeout=30, capture_output=True).returncode != 0


# --- Helm values -------------------------------------------------------------------------------------


def _rasa_arguments(script: str, env: dict[str, str], cwd: Path) -> list[str]:
    """The arguments the chart's shell command gives the Rasa server module, for this environment."""
    prefix = f"exec python -m {serve.RASA_MODULE} "
    assert prefix in script
    printing = script.replace(prefix, "printf '%s\\n' ", 1)
    result = subprocess.run(["sh", "-c", printing], env=env, cwd=cwd, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    "case",
    [
        {"RASA_API_TOKEN": "s3cret", "CORS_ORIGINS": "https://a.example https://b.example"},
        {"RASA_API_TOKEN": " padded ", "CORS_ORIGINS": "https://a.example"},
        {"RASA_API_TOKEN": "   ", "CORS_ORIGINS": "*"},
        {"CORS_ORIGINS": ""},
    ],
)
def test_rasa_container_runs_rasa_like_make_run(values, case, tmp_path):
    (tmp_path / "a-file-a-glob-would-find").write_text("")
    entries = values["extraEnv"]
    env = {**settings.defaults({}), "MODEL": _env_value(entries, "MODEL"), "PORT": _env_value(entries, "PORT"), **case}
    assert values["command"] == ["/bin/sh", "-c"] and len(values["args"]) == 1
    shell_env = {"PATH": os.environ["PATH"], **env}
    expected = next(s for s in serve.services(env) if s.name == "rasa").command[3:]
    expected = [argument.replace(str(settings.ROOT), APP_DIR) for argument in expected]
    assert _rasa_arguments(values["args"][0], shell_env, tmp_path) == expected


def test_action_server_container_runs_the_actions_like_make_run(values):
    actions = values["rasa-action-server"]
    port = _env_value(actions["extraEnv"], "ACTIONS_PORT")
    command = [*actions["command"], *(a.replace("$(ACTIONS_PORT)", port) for a in actions["args"])]
    expected = next(s for s in serve.services({**settings.defaults({}), "ACTIONS_PORT": port}) if s.name == "actions")
    assert command == ["python", *expected.command[1:]]


def test_container_ports_follow_the_port_variables(values):
    assert values["applicationSettings"]["port"] == int(_env_value(values["extraEnv"], "PORT"))
    actions = values["rasa-action-server"]
    assert actions["applicationSettings"]["port"] == int(_env_value(actions["extraEnv"], "ACTIONS_PORT"))


def test_both_servers_use_our_image_and_its_model(values, dockerfile):
    assert values["image"]["repository"] == values["rasa-action-server"]["image"]["repository"]
    assert values["image"]["tag"] == values["rasa-action-server"]["image"]["tag"]
    model = settings.MODEL_PATH.relative_to(ROOT).as_posix()
    assert _env_value(values["extraEnv"], "MODEL") == f"{APP_DIR}/{model}"
    # An initial model would mount an empty volume on /app/models, hiding the image's model.
    assert values["applicationSettings"]["initialModel"] == ""
    assert values["applicationSettings"]["trainInitialModel"] is False
    assert values["rasa-action-server"]["install"] is True


def test_channels_are_those_of_credentials_yml(values):
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    channels = values["applicationSettings"]["credentials"]
    assert channels["enabled"] is True
    assert channels["additionalChannelCredentials"] == {name: config or {} for name, config in credentials.items()}


@pytest.mark.parametrize(("section", "chart_key"), [("tracker_store", "trackerStore"), ("lock_store", "lockStore")])
def test_stores_are_configured_like_endpoints_yml(values, section, chart_key):
    project = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))[section]
    chart = dict(values["applicationSettings"]["endpoints"][chart_key])
    assert chart.pop("enabled") is True
    chart = {key: value for key, value in chart.items() if value is not None and key not in CHART_ONLY_STORE_KEYS}
    assert {key: str(value) for key, value in chart.items()} == {key: str(value) for key, value in project.items()}


def test_every_variable_the_helm_values_use_is_defined(values):
    entries = values["extraEnv"]
    defined = set(CHART_ENV)
    for entry in entries:  # Kubernetes expands $(NAME) only for variables defined before
        for name in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", entry.get("value", "")):
            assert name in defined, f"{entry['name']} uses $({name}), not defined before it"
        defined.add(entry["name"])
    for text in _strings(values["applicationSettings"]["endpoints"]):
        for name in PLACEHOLDER.findall(text):
            assert name in defined, f"${{{name}}} in applicationSettings.endpoints is not defined"
    actions = values["rasa-action-server"]
    action_env = {entry["name"] for entry in actions["extraEnv"]}
    for argument in actions["args"]:
        assert set(re.findall(r"\$\((\w+)\)", argument)) <= action_env


def test_api_token_comes_from_a_secret_and_is_optional(values):
    (entry,) = [entry for entry in values["extraEnv"] if entry["name"] == "RASA_API_TOKEN"]
    assert "value" not in entry
    assert entry["valueFrom"]["secretKeyRef"]["optional"] is True


def test_several_rasa_servers_share_postgresql_and_redis(values):
    assert values["replicaCount"] >= 2
    assert values["applicationSettings"]["endpoints"]["lockStore"]["enabled"] is True
    assert _env_value(values["extraEnv"], "LOCK_STORE_TYPE") == "redis"
    assert _env_value(values["extraEnv"], "TRACKER_STORE_URL").startswith("postgresql://")
