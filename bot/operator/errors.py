"""The one error type of the operator tools: a French message for the operator and an exit code."""

from __future__ import annotations

EXIT_FAILURE = 1  # the database or its content does not allow the command
EXIT_USAGE = 2  # a command-line argument or an environment variable is wrong


class OperatorError(Exception):
    """A failure explained to the operator in one French line; never shown as a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
