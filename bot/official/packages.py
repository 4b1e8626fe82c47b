"""Download npm packages once (`npm pack`) and read JSON files inside their tarballs."""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path
from typing import Any


class PackageError(RuntimeError):
    """A package cannot be downloaded or lacks a file the manifest needs."""


def archive_name(spec: str) -> str:
    """« @socialgouv/legi-data@2.513.0 » -> « socialgouv-legi-data-2.513.0.tgz » (npm pack's name)."""
    name, version = spec.rsplit("@", 1)
    return f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"


def fetch(spec: str, cache: Path) -> Path:
    """The tarball of `spec` in `cache`, downloaded with `npm pack` the first time."""
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / archive_name(spec)
    if not archive.exists():
        try:
            subprocess.run(["npm", "pack", spec, "--silent"], cwd=cache, check=True, capture_output=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as error:
            raise PackageError(f"npm pack {spec} failed: {error}") from None
    if not archive.exists():
        raise PackageError(f"npm pack {spec} did not produce {archive.name}")
    return archive


def latest_version(name: str) -> str:
    """The newest published version of package `name` (npm view)."""
    try:
        done = subprocess.run(["npm", "view", name, "version"], check=True, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise PackageError(f"npm view {name} failed: {error}") from None
    return done.stdout.strip()


class Package:
    """An opened npm tarball; JSON members are parsed once."""

    def __init__(self, spec: str, archive: Path):
        self.spec = spec
        self._tar = tarfile.open(archive)
        self._cache: dict[str, Any] = {}

    def json(self, member: str) -> Any:
        """The parsed JSON file `member` (relative to the package root), or None if absent."""
        if member not in self._cache:
            try:
                handle = self._tar.extractfile(f"package/{member}")
            except KeyError:
                handle = None
            self._cache[member] = json.load(handle) if handle else None
        return self._cache[member]

    def close(self) -> None:
        self._tar.close()
