"""The package type-checks: mypy with the settings of pyproject.toml's [tool.mypy], as `make lint` runs it, so a
type error fails `make test` (and CI) too."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_package_type_checks():
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # the configuration names the package: a run that found no files would pass without checking anything
    checked = re.search(r"no issues found in (\d+) source files", done.stdout)
    assert checked and int(checked[1]) >= 200, done.stdout
