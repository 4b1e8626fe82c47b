"""Facts about the machine and the resident memory of the servers' process trees (Linux /proc)."""

from __future__ import annotations

import math
import os
import platform
from datetime import datetime
from pathlib import Path


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The `model name` of the first CPU, or `inconnu`."""
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "inconnu"


def machine_facts() -> dict[str, str]:
    """nproc, CPU model, memory and load when the run started (the machine may be shared)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "Date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "CPU": cpu_model(),
        "Mémoire": f"{meminfo_mb('MemTotal'):.0f} Mo",
        "Charge au départ (1, 5, 15 min)": load,
        "Python": platform.python_version(),
    }


def meminfo_mb(key: str) -> float:
    """A /proc/meminfo entry in MB, NaN if unreadable."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def parent_pids() -> dict[int, int]:
    """pid -> parent pid of every process visible in /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (2nd field) is in parentheses and may contain spaces: split after it.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def process_tree(pid: int, parents: dict[int, int]) -> list[int]:
    """`pid` and all its descendants."""
    tree, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def vm_rss_kb(pid: int) -> int:
    """VmRSS of one process in kB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    """Proportional set size of one process in kB (its private pages plus its share of the pages
    it shares, e.g. with forked Sanic workers); 0 if it is gone or unreadable."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of a process and its children, in MB (None without a process)."""
    return tree_mb([pid] if pid is not None else [], vm_rss_kb)


def tree_mb(pids: list[int], per_process=vm_rss_kb) -> float | None:
    """Memory of processes and all their children, in MB, with `per_process` (vm_rss_kb or pss_kb);
    None without a process. RSS counts shared pages once per process; PSS splits them."""
    if not pids:
        return None
    parents = parent_pids()
    every = {p for pid in pids for p in process_tree(pid, parents)}
    return sum(per_process(p) for p in every) / 1024
