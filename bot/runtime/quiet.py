"""Run a Python module without the third-party warnings `make run` knows, every other warning and
every error staying visible: `python -m bot.runtime.quiet MODULE [ARGS…]` is `python -m MODULE [ARGS…]`.

Why not `-W ignore::Category:module` options or PYTHONWARNINGS: Sanic runs
`warnings.filterwarnings("once", category=DeprecationWarning)` when it is imported, and that filter
goes before every -W filter. A known warning is therefore dropped where it would be printed
(warnings.showwarning), whatever filters the libraries add afterwards."""

from __future__ import annotations

import runpy
import sys
import warnings

# (category, module the warning is reported from): each was seen on a `make run` start with this
# project's pinned packages, and none says anything a newcomer can act on.
KNOWN_WARNINGS: tuple[tuple[type[Warning], str], ...] = (
    (DeprecationWarning, "sanic_cors.extension"),  # distutils LooseVersion
    (DeprecationWarning, "rasa.shared.utils.validation"),  # « pkg_resources is deprecated as an API »
    (DeprecationWarning, "pkg_resources"),  # declare_namespace('mpl_toolkits'), declare_namespace('ruamel')
    (DeprecationWarning, "tensorflow.lite.python.util"),  # jax.xla_computation
    (DeprecationWarning, "matplotlib.fontconfig_pattern"),  # pyparsing's camelCase names (setParseAction…)
    (DeprecationWarning, "packaging.markers"),  # idem
    (DeprecationWarning, "packaging.requirements"),  # idem
    (DeprecationWarning, "spacy.cli._util"),  # click.parser.split_arg_string
)


def module_files(module: str) -> tuple[str, str]:
    """The file name endings of `module`: a plain module or a package."""
    path = "/" + module.replace(".", "/")
    return path + ".py", path + "/__init__.py"


def is_known(category: type[Warning], filename: str) -> bool:
    filename = filename.replace("\\", "/")
    return any(
        issubclass(category, known) and filename.endswith(module_files(module)) for known, module in KNOWN_WARNINGS
    )


def install() -> None:
    """Drop KNOWN_WARNINGS where warnings are printed; print all the others as before."""
    show = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        if not is_known(category, filename):
            show(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("usage: python -m bot.runtime.quiet MODULE [ARGS…]")
    install()
    sys.argv = list(argv)
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
