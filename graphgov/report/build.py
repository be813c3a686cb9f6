"""The full report: run the analyses on one graph, build each section, write the files.

A section is added per analysis; :func:`build_sections` is the list a report is made of.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

import graphgov
from graphgov.errors import DatasetError
from graphgov.graph import Graph, open_graph
from graphgov.report import sections
from graphgov.report.document import Section, write_report

Progress = Callable[[str], None]


def sample_path() -> Path:
    """The bundled sample dataset, ``datasets/zhejiang-sample`` in the source tree."""
    path = Path(graphgov.__file__).resolve().parent.parent / "datasets" / "zhejiang-sample"
    if not path.is_dir():
        raise DatasetError(
            f"{path}: the bundled sample is not there (it ships with the source tree); "
            "pass a dataset directory instead"
        )
    return path


def build_sections(g: Graph, *, progress: Progress | None = None) -> list[Section]:
    """Run every analysis the report shows and build its sections, in report order."""
    say = progress or (lambda step: None)
    say("data quality")
    status = (
        g.organizations.groupby(["status", "kind"], dropna=False).size().reset_index(name="orgs")
    )
    out = [sections.data_section(g.counts, _rejects(g), status)]
    say("coverage and gaps")
    gaps = graphgov.gaps(g)
    out.append(sections.coverage_section(graphgov.coverage(g, by="city"), gaps, g.targets))
    out.append(sections.gaps_section(gaps, graphgov.joint_branches(g)))
    say("community-organization density")
    counties = g.regions.loc[g.regions["level"] == "county"].set_index("code")["name"]
    out.append(sections.density_section(graphgov.density(g), g.targets, counties.to_dict()))
    return out


def build_report(
    data: str | Path, out_dir: str | Path, *, progress: Progress | None = None
) -> dict[str, Path]:
    """Open the dataset at `data`, write ``report.html``, ``report.md``, charts and CSVs."""
    say = progress or (lambda step: None)
    say(f"opening {data}")
    g = open_graph(data)
    parts = build_sections(g, progress=progress)
    say(f"writing {out_dir}")
    written = write_report(
        parts,
        out_dir,
        title=f"graphgov report: {g.info.name}",
        subtitle=f"Data as of {g.info.as_of}. {g.info.description}".strip(),
    )
    keep = ("report.html", "report.md")
    summary = {name: written[name] for name in keep}
    summary["charts"] = Path(out_dir)
    return summary


def _rejects(g: Graph) -> pd.DataFrame:
    cols = ["table", "line", "reason_code", "message", "raw"]
    return g.rejects if not g.rejects.empty else pd.DataFrame(columns=cols)
