"""The machine line a benchmark section prints, so figures from different runs can be told apart."""

from __future__ import annotations

import os
from pathlib import Path


def cpu_model() -> str:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "unknown CPU")


def summary() -> str:
    """CPUs, their model and the load at the start: other work on a shared machine moves every figure."""
    return f"{os.cpu_count()} logical CPUs ({cpu_model()}), load average {os.getloadavg()[0]:.1f} at the start"
