"""Shared fixtures: where the public test data lives, and small helpers to unpack it."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fuzz tests of the input parsers: bounded, repeatable (the same examples every run), no example database on disk
settings.register_profile(
    "heroes",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.load_profile("heroes")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEROES_SHARED", REPO.parent / "shared"))
DISK_IMAGES = SHARED / "data" / "disk-images"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared, read-only data folder (../shared/data, or $HEROES_SHARED/data)."""
    data = SHARED / "data"
    if not data.is_dir():
        raise RuntimeError(f"shared test data not found at {data} (set HEROES_SHARED)")
    return data


@pytest.fixture(scope="session")
def disk_images() -> Path:
    if not DISK_IMAGES.is_dir():
        raise RuntimeError(f"public test disk images not found at {DISK_IMAGES} (set HEROES_SHARED)")
    return DISK_IMAGES


@pytest.fixture(scope="session")
def dftt_image(disk_images, tmp_path_factory):
    """Unpack a DFTT zip (e.g. 'dftt-6-undel-fat.zip') once per session and return the .dd path."""
    cache: dict[str, Path] = {}

    def unpack(zip_name: str) -> Path:
        if zip_name not in cache:
            target = tmp_path_factory.mktemp(zip_name.removesuffix(".zip"))
            with zipfile.ZipFile(disk_images / zip_name) as z:
                name = next(n for n in z.namelist() if n.endswith(".dd"))
                z.extract(name, target)
            cache[zip_name] = target / name
        return cache[zip_name]

    return unpack


@pytest.fixture(scope="session")
def case_validate():
    """Run case-utils' ``case_validate`` on JSON-LD files at the newest CASE version it ships; returns
    (version, conforms, number of validation results of any severity, the report as text)."""
    import subprocess
    import sys

    import rdflib
    from case_utils.ontology.version_info import CURRENT_CASE_VERSION
    from rdflib.namespace import SH

    tool = Path(sys.executable).with_name("case_validate")

    def run(*paths: Path) -> tuple[str, bool, int, str]:
        proc = subprocess.run(
            [str(tool), "--built-version", f"case-{CURRENT_CASE_VERSION}", "--format", "turtle", *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
        )
        report = rdflib.Graph().parse(data=proc.stdout, format="turtle")
        conforms = {bool(o.toPython()) for o in report.objects(None, SH.conforms)}
        assert len(conforms) == 1, proc.stdout + proc.stderr
        return CURRENT_CASE_VERSION, conforms.pop(), len(set(report.objects(None, SH.result))), proc.stdout

    return run
