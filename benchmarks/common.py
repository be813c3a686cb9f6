"""What several benchmarks print the same way: the load average beside their figures, and
whether a goal was met. Imported as ``common`` (a script's own folder is on ``sys.path``)."""

from __future__ import annotations

from pathlib import Path


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages: how busy the machine was during a figure."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"
