"""The notebooks under notebooks/ run top to bottom on the bundled sample, so they cannot drift.

Each is executed with nbclient in a fresh ``python3`` kernel (the venv's ipykernel provides
that kernelspec under ``sys.prefix``), with ``notebooks/`` as the working directory: the
notebooks find ``datasets/zhejiang-sample`` by walking up from there. A cell that raises
fails the test with the cell's traceback. The notebooks are stored without outputs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = (
    "01-quickstart.ipynb",
    "02-cross-appointments-network.ipynb",
    "03-planning-uncovered-communities.ipynb",
)
CELL_TIMEOUT = 300  # seconds per cell


def test_the_three_notebooks_are_there():
    assert tuple(sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    assert all(c.outputs == [] and c.execution_count is None for c in code), (
        f"{name} has stored outputs: clear them before committing"
    )
    assert any(c.cell_type == "markdown" for c in nb.cells)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, monkeypatch):
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.fail("no python3 kernelspec: install ipykernel in the venv ('.[test]')")
    # Use the bundled sample, not a dataset the environment points at.
    monkeypatch.delenv("GRAPHGOV_DATA", raising=False)
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except CellExecutionError as err:
        pytest.fail(f"{name}: a cell failed\n{err}", pytrace=False)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
