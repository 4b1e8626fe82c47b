"""Serve the demo page and the chat widget (web/) on WEB_PORT, with no CDN and no framework.

Usage: python -m bot.runtime.web  (reads WEB_PORT, PORT, PRIVACY_NOTICE, PRIVACY_URL and
RETENTION_DAYS from the environment)
"""

from __future__ import annotations

import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from bot.operator.errors import OperatorError
from bot.operator.retention import DEFAULT_RETENTION_DAYS, retention_days
from bot.runtime import settings

WEB_DIR = settings.ROOT / "web"
# The widget's privacy notice when PRIVACY_NOTICE is not set ({days}: RETENTION_DAYS, the retention
# of `python -m bot.operator purge`). web/widget.js has the same text for pages without /config.js
# (tests/unit/test_widget_text.py checks that they are equal).
DEFAULT_PRIVACY_NOTICE = (
    "Vos messages et les réponses de l'assistant sont conservés {days} jours, sans votre adresse IP, "
    "pour améliorer le service. « Effacer ma conversation » les supprime à tout moment."
)


def privacy(env: dict[str, str]) -> dict[str, object]:
    """What /config.js tells the widget about its privacy notice: PRIVACY_NOTICE (else the default
    text with RETENTION_DAYS), PRIVACY_URL (an http(s) address, else none) and the retention."""
    try:
        days = retention_days(env)
    except OperatorError:  # an invalid RETENTION_DAYS: `purge` refuses it and says so
        days = DEFAULT_RETENTION_DAYS
    text = env.get("PRIVACY_NOTICE", "").strip() or DEFAULT_PRIVACY_NOTICE.replace("{days}", str(days))
    url = env.get("PRIVACY_URL", "").strip()
    if not url.lower().startswith(("https://", "http://")):
        url = ""
    return {"privacyText": text, "privacyUrl": url, "retentionDays": days}


class WebHandler(SimpleHTTPRequestHandler):
    """Static files from web/, plus /config.js telling the widget where the Rasa server is."""

    rasa_port = settings.DEFAULT_PORT
    notice: dict[str, object] = privacy({})

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/config.js":
            defaults = {"rasaPort": self.rasa_port, **self.notice}
            body = "window.ESS_CHAT_DEFAULTS = " + json.dumps(defaults) + ";\n"
            self._send(body.encode(), "text/javascript; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # keep `make run` output readable
        pass


def ports(env: dict[str, str]) -> tuple[str, int]:
    """(Rasa server port told to the widget, port to serve on), with settings' defaults."""
    resolved = {**settings.defaults(env), **env}
    return resolved["PORT"], int(resolved["WEB_PORT"])


def main() -> None:
    env = dict(os.environ)
    rasa_port, web_port = ports(env)
    WebHandler.rasa_port = rasa_port
    WebHandler.notice = privacy(env)
    handler = partial(WebHandler, directory=str(WEB_DIR))
    server = ThreadingHTTPServer(("0.0.0.0", web_port), handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
