"""Serve the demo page and the chat widget (web/) on WEB_PORT, with no CDN and no framework.

Usage: python -m bot.runtime.web  (reads WEB_PORT and PORT from the environment)
"""

from __future__ import annotations

import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from bot.runtime import settings

WEB_DIR = settings.ROOT / "web"


class WebHandler(SimpleHTTPRequestHandler):
    """Static files from web/, plus /config.js telling the widget where the Rasa server is."""

    rasa_port = settings.DEFAULT_PORT

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/config.js":
            body = "window.ESS_CHAT_DEFAULTS = " + json.dumps({"rasaPort": self.rasa_port}) + ";\n"
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
    rasa_port, web_port = ports(dict(os.environ))
    WebHandler.rasa_port = rasa_port
    handler = partial(WebHandler, directory=str(WEB_DIR))
    server = ThreadingHTTPServer(("0.0.0.0", web_port), handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
