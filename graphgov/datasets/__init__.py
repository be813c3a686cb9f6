"""Small datasets shipped inside the package, for examples, doctests and first steps.

:func:`tiny` is a hand-checked slice of 西湖区 (Hangzhou) on the real NBS 2023 division
codes: every analysis gives a non-empty answer on it, small enough to check by hand
(``tests/test_tiny.py`` works each key figure out). Its tables are plain contract CSV files
in ``graphgov/datasets/tiny/`` (:func:`tiny_path`); the data dictionary is
``datasets/README.md``.

Examples
--------
>>> from graphgov.datasets import tiny
>>> g = tiny()
>>> g.info.name, g.info.as_of, g.info.synthetic
('tiny', '2020-12-31', True)
>>> {table: c["rejected"] for table, c in g.counts.items() if c["rows"]}
{'regions': 0, 'party_orgs': 0, 'organizations': 0, 'party_org_covers': 0, 'people': 0, 'posts': 0, 'services': 0}
>>> g.warnings
[]
"""  # noqa: E501

from __future__ import annotations

from importlib import resources
from pathlib import Path

from graphgov.graph import Graph, from_dataset

__all__ = ["tiny", "tiny_path"]

_TINY = "tiny"


def tiny_path() -> Path:
    """The folder holding the tiny dataset's tables (``dataset.toml`` and seven CSV files).

    It is a folder of the installed package: read it, copy it (``shutil.copytree``) to
    edit it, never write into it.

    >>> sorted(p.name for p in tiny_path().iterdir() if p.suffix == ".csv")[:3]
    ['organizations.csv', 'party_org_covers.csv', 'party_orgs.csv']
    """
    folder = resources.files(__name__) / _TINY
    if not isinstance(folder, Path):  # a zipped install: the package's files are not on disk
        raise FileNotFoundError(
            f"graphgov.datasets: {folder} is not a folder on disk; install graphgov unzipped"
        )
    return folder


def tiny() -> Graph:
    """The tiny hand-checked dataset, validated (no rejected row, no warning), as a graph.

    Part of 西湖区 330106 as of 2020-12-31: 13 regions (the province, 杭州市, 西湖区, three
    townships: 北山街道, 西溪街道, 双浦镇, and seven of their communities, five urban and two
    rural), 11 registered organizations (two hubs, one social-work agency, one on the
    abnormal list, covered by its own branch) and 9 filed community organizations, 8 Party
    organizations (three branches, a joint branch, a community Party committee and three
    above them), 8 people holding 11 posts, 4 services (one a ¥80,000 purchase). Names of
    organizations and people are invented.

    Each call validates the tables afresh (about 0.2 s) and returns a new graph, so changing
    one never changes another; the validated cache is not used.

    Examples
    --------
    >>> g = tiny()
    >>> nodes = g.summary().query("kind == 'node'")
    >>> print(nodes[["name", "count"]].to_string(index=False))
                 name  count
               Region     13
         Organization     20
    PartyOrganization      8
               Person      8
             Facility      0
    """
    return from_dataset(tiny_path())
