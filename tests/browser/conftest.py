"""The real assistant (actions + Rasa + web page) and a headless Chromium driven by Playwright.

Chromium is Debian's (/usr/bin/chromium, `apt-get install chromium`); Playwright's own browser
download (`playwright install`) is never used.
"""

from __future__ import annotations

import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.runtime import settings
from evaluation.assistant import assistant_env, by_name, free_port, say, started

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = settings.ROOT / "results" / "screenshots"

from playwright import sync_api  # noqa: E402 - after the constants it documents

sync_api.expect.set_options(timeout=45_000)  # the first NLU answers of a fresh Rasa server are slow
if not Path(CHROMIUM).exists():  # `make test` installs it; a missing browser must not pass silently
    raise RuntimeError(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> dict[str, str]:
    """A running assistant with its web server (`url`: the demo page), plus a second web site
    (`embed`, another origin listed in CORS_ORIGINS) whose pages embed the widget like a real
    association's site would; tests write those pages into `embed_dir`. `tracker_db`: the
    assistant's SQLite tracker store."""
    embed_dir = tmp_path_factory.mktemp("embedding-site")
    embed_port = free_port()
    web_port = str(free_port())
    embed = f"http://127.0.0.1:{embed_port}"
    env = assistant_env(
        tmp_path_factory.mktemp("widget"),
        WEB_PORT=web_port,
        CORS_ORIGINS=f"http://localhost:{web_port} http://127.0.0.1:{web_port} {embed}",
    )
    services = by_name(env)
    log = Path(str(tmp_path_factory.getbasetemp())) / "widget-assistant.log"
    server = ThreadingHTTPServer(("127.0.0.1", embed_port), partial(QuietHandler, directory=str(embed_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with started([services["actions"], services["rasa"], services["web"]], log):
            # The first NLU message of a fresh server loads spaCy/TensorFlow lazily (can exceed 30 s on a
            # busy machine); warm it up so that browser timeouts measure the widget, not the cold start.
            say(env, "warm-up", "c'est quoi un groupement d'employeurs ?", timeout=180)
            origin = f"http://127.0.0.1:{web_port}"
            yield {
                "url": f"{origin}/",
                "origin": origin,
                "rasa": f"http://127.0.0.1:{env['PORT']}",
                "embed": embed,
                "embed_dir": embed_dir,
                "tracker_db": env["TRACKER_STORE_URL"].removeprefix("sqlite:///"),
            }
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Console:
    """Console errors and uncaught exceptions of one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))


@pytest.fixture
def context(browser):
    """A fresh browser profile (empty localStorage) with a 1280x800 desktop viewport."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    ctx.set_default_timeout(45_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def console(page) -> Console:
    """Request it before the first page.goto so that nothing is missed."""
    return Console(page)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
