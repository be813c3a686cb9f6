"""The wheel carries every file the package reads at run time.

``graphgov/cypher`` is a symlink to the repository's ``cypher/`` folder, and the Cypher
queries, the divisions table, the tiny dataset, the Neo4j files and the report's CSS are
package data (``[tool.setuptools.package-data]`` in pyproject.toml): a pattern left out
there still works from a checkout (the editable install reads the source tree) and breaks
only once installed from a wheel. The wheel is built from a copy of the source (so no
``build/`` or ``*.egg-info`` lands in the checkout) with the environment's setuptools, no
build isolation and no package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the wheel is built from, the ``graphgov/cypher`` symlink kept."""
    src = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("graphgov", "cypher"):
        shutil.copytree(ROOT / name, src / name, symlinks=True, ignore=skip)
    assert (src / "graphgov" / "cypher").is_symlink()
    return src


@pytest.fixture(scope="module")
def wheel_names(source: Path, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps"]
    command += ["--no-build-isolation", "--no-index", "--quiet", "--wheel-dir", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("graphgov-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _package_files(source: Path) -> set[str]:
    """Every file under ``graphgov/`` (the cypher symlink followed), as wheel names."""
    found = set()
    for folder, _, files in os.walk(source / "graphgov", followlinks=True):
        for name in files:
            found.add((Path(folder) / name).relative_to(source).as_posix())
    return found


def test_the_wheel_carries_the_cypher_queries_and_the_divisions_table(source, wheel_names):
    cypher = source / "cypher"
    queries = {
        f"graphgov/cypher/{p.relative_to(cypher).as_posix()}" for p in cypher.rglob("*.cypher")
    }
    assert "graphgov/cypher/coverage.cypher" in queries and len(queries) > 10
    assert queries <= wheel_names, sorted(queries - wheel_names)
    divisions = source / "graphgov" / "divisions"
    parquet = {f"graphgov/divisions/{p.name}" for p in divisions.glob("*.parquet")}
    assert parquet and parquet <= wheel_names, sorted(parquet - wheel_names)


def test_the_wheel_carries_every_file_of_the_package(source, wheel_names):
    # The Cypher fragments under cypher/fragments/, the tiny dataset's CSV and toml files,
    # the Neo4j pom.xml and neo4j.conf, report.css, and every module.
    expected = _package_files(source)
    assert "graphgov/cypher/coverage.cypher" in expected  # the symlink was followed
    assert expected <= wheel_names, sorted(expected - wheel_names)
