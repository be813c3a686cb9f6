"""`generate`: run the steps in order and write the dataset directory."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from graphgov.errors import UsageError
from graphgov.generate import community_orgs, orgs, party, people, posts, province, services
from graphgov.generate._context import Context, county_weights
from graphgov.generate.config import AS_OF, GeneratorConfig
from graphgov.meta import Targets
from graphgov.schema import TABLES

#: Step names passed to the `progress` callback, in order.
STEPS = (
    "regions",
    "organizations",
    "community organizations",
    "party organizations",
    "people and posts",
    "services",
    "facilities",
    "writing files",
)


#: The scales the generator supports: below MIN_SCALE a county has too few units to place
#: its hubs and branches; MAX_SCALE (about 9 million rows, 6 GB) bounds time and memory.
MIN_SCALE = 0.005
MAX_SCALE = 10.0


def generate(
    out_dir: str | Path,
    scale: float = 1.0,
    seed: int = 2019,
    counties: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
    config: GeneratorConfig | None = None,
    name: str = "zhejiang-synthetic",
) -> dict[str, int]:
    """Generate a synthetic province calibrated to Zhejiang and write it to `out_dir`.

    Parameters
    ----------
    out_dir : str or Path
        Directory to write (created if missing; existing table files are overwritten).
    scale : float
        1.0 = Zhejiang-sized. Organizations, people, services and stations scale with it;
        the regions (11 cities, 90 counties, their townships and communities) never do.
    seed : int
        Seed of the random streams: the same seed gives byte-identical files.
    counties : list of str, optional
        County codes (6 or 12 digits) to restrict the province to; each county gets the
        same counts it has in the whole province at this scale.
    progress : callable, optional
        Called with each step's name (see `STEPS`) as it starts.
    config : GeneratorConfig, optional
        The knobs; the defaults reproduce Zhejiang around 2018-2020.
    name : str
        The dataset's name in ``dataset.toml`` (not the folder's, so that the files depend
        on the arguments only).

    Returns
    -------
    dict
        Row count per table written.

    Examples
    --------
    >>> import tempfile
    >>> counts = generate(tempfile.mkdtemp(), scale=0.05, counties=["330106"])
    >>> counts["regions"] > 100, "organizations" in counts
    (True, True)
    """
    cfg = config or GeneratorConfig()
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise UsageError(
            f"scale must be from {MIN_SCALE} to {MAX_SCALE} (1.0 = Zhejiang-sized), not {scale}"
        )
    step = progress or (lambda _name: None)
    tables = build(cfg, scale, int(seed), counties, step)
    step("writing files")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = {name: write_table(out, name, frame) for name, frame in tables.items()}
    where = f" for counties {', '.join(str(c)[:6] for c in counties)}" if counties else ""
    desc = (
        f"Synthetic province calibrated to Zhejiang (graphgov generate, scale {scale:g}, "
        f"seed {int(seed)}{where}). Invented names and people; real division codes down to "
        "county level."
    )
    toml = {"name": name, "as_of": AS_OF, "description": desc}
    text = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in toml.items())
    (out / "dataset.toml").write_text(text, encoding="utf-8")
    (out / "targets.toml").write_text(Targets().to_toml(), encoding="utf-8")
    return counts


def build(
    cfg: GeneratorConfig,
    scale: float,
    seed: int,
    counties: list[str] | None,
    step: Callable[[str], None],
) -> dict[str, pd.DataFrame]:
    """All tables in memory (contract columns plus internal ones), without writing."""
    step("regions")
    whole = province.build_regions(cfg, np.random.default_rng([seed, 0]))
    regions = province.restrict(whole, counties)
    if counties and not len(regions):
        raise UsageError("no regions selected")
    ctx = Context(cfg, scale, seed, regions, county_weights(whole, cfg.urban_placement_weight))
    step("organizations")
    reg = orgs.build_registered(ctx)
    step("community organizations")
    corgs = community_orgs.build_community_orgs(ctx)
    step("party organizations")
    pr = party.build_party(ctx, reg)
    step("people and posts")
    registry = people.Registry()
    local = people.community_posts(ctx, registry)
    leader, leader_party = posts.org_posts(ctx, registry, reg)
    posts.community_org_posts(ctx, registry, corgs, local)
    posts.party_posts(ctx, registry, reg, pr, leader, leader_party, local["secretary"])
    posts.cross_posts(ctx, registry, reg, pr, local)
    posts.liaison_posts(ctx, registry, reg, pr)
    people.social_workers(ctx, registry, reg)
    ppl, pst = registry.tables(ctx.rng("names"))
    step("services")
    svc = services.build_services(ctx, reg, corgs)
    step("facilities")
    fac = services.build_facilities(ctx, reg, corgs)
    return {
        "regions": regions,
        "organizations": pd.concat([reg, corgs], ignore_index=True),
        "party_orgs": pr.party_orgs,
        "party_org_covers": pr.covers,
        "people": ppl,
        "posts": pst,
        "services": svc,
        "facilities": fac,
    }


def write_table(out: Path, name: str, frame: pd.DataFrame) -> int:
    """Write the contract columns of `frame` as ``<name>.csv``; returns the row count.

    Booleans are written ``true``/``false``, missing values as empty cells.
    """
    table = TABLES[name]
    cols = [c for c in table.column_names if c in frame.columns]
    f = frame[cols].copy()
    for col in cols:
        if table.column(col).type == "bool":
            v = f[col]
            f[col] = np.where(v.isna(), "", np.where(v.fillna(False).astype(bool), "true", "false"))
    f.to_csv(out / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    return len(f)
