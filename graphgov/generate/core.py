"""`generate`: run the steps in order and write the dataset directory."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from graphgov import divisions
from graphgov.errors import UsageError
from graphgov.generate import (
    community_orgs,
    orgs,
    party,
    people,
    posts,
    province,
    responsible,
    services,
)
from graphgov.generate._context import Context, county_weights
from graphgov.generate.config import AS_OF, ZHEJIANG_COMMUNITIES, GeneratorConfig, default_config
from graphgov.generate.files import TableFiles
from graphgov.generate.province import province_code
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
    name: str | None = None,
    province: str = "33",
    fmt: str = "csv",
) -> dict[str, int]:
    """Generate a synthetic province on the real division hierarchy and write it to `out_dir`.

    Parameters
    ----------
    out_dir : str or Path
        Directory to write (created if missing; existing table files are overwritten).
    scale : float
        1.0 = full size (Zhejiang's figures per community). Organizations, people, services
        and stations scale with it; the regions (the real hierarchy) never do.
    seed : int
        Seed of the random streams: the same seed gives byte-identical files.
    counties : list of str, optional
        County codes (6 or 12 digits) of the province to restrict it to; each county gets
        the same counts it has in the whole province at this scale.
    progress : callable, optional
        Called with each step's name (see `STEPS`) as it starts.
    config : GeneratorConfig, optional
        The knobs; default :func:`~graphgov.generate.config.default_config` of the province
        (Zhejiang around 2018-2020; the national Party coverage elsewhere).
    name : str, optional
        The dataset's name in ``dataset.toml`` (not the folder's, so that the files depend
        on the arguments only); default ``zhejiang-synthetic`` for 33, else
        ``synthetic-<province>``.
    province : str
        The province's 2-digit code (33 Zhejiang, 32 Jiangsu ...) in the shipped hierarchy.
    fmt : str
        ``csv`` (default) or ``parquet`` (see :mod:`graphgov.generate.files`).

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
    code = province_code(province)
    cfg = config or default_config(code)
    check_scale(scale, MIN_SCALE, MAX_SCALE, " (1.0 = full size)")
    out = Path(out_dir)
    files = output_files(out, fmt)
    step = progress or (lambda _name: None)
    tables = build(cfg, scale, int(seed), counties, step, code)
    step("writing files")
    clear_output(out)
    for table, frame in tables.items():
        files.append(table, frame)
    counts = files.close()
    where = f" for counties {', '.join(str(c)[:6] for c in counties)}" if counties else ""
    pname = tables["regions"]["name"].iloc[0]
    desc = (
        f"Synthetic {pname} ({code[:2]}) calibrated to Zhejiang's figures (graphgov generate, "
        f"scale {scale:g}, seed {int(seed)}{where}). Real regions ({divisions.EDITION} "
        "division codes and names, all five levels); invented organizations, Party "
        "organizations, people, posts, services and facilities."
    )
    default_name = "zhejiang-synthetic" if code[:2] == "33" else f"synthetic-{code[:2]}"
    write_meta(out, name or default_name, desc)
    return counts


def write_meta(out: Path, name: str, description: str) -> None:
    """``dataset.toml`` (marked synthetic, as of :data:`AS_OF`) and the default targets."""
    toml = {"name": name, "as_of": AS_OF, "description": description, "synthetic": True}
    text = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in toml.items())
    (out / "dataset.toml").write_text(text, encoding="utf-8")
    (out / "targets.toml").write_text(Targets().to_toml(), encoding="utf-8")


def check_scale(scale: float, low: float, high: float, note: str = "") -> None:
    """Refuse a `scale` outside ``[low, high]`` (`note` follows the range in the message)."""
    if not low <= scale <= high:
        raise UsageError(f"scale must be from {low} to {high}{note}, not {scale}")


def output_files(out: Path, fmt: str) -> TableFiles:
    """The table files to write into `out`, in format `fmt`, once `out` is known to hold
    no real dataset (:func:`refuse_real_data`); nothing is written yet."""
    files = TableFiles(out, fmt)
    refuse_real_data(out)
    return files


def clear_output(out: Path) -> None:
    """Make `out` ready for a synthetic dataset's tables: created, its old tables gone."""
    out.mkdir(parents=True, exist_ok=True)
    remove_tables(out)


def remove_tables(out: Path) -> None:
    """Remove the table files of an earlier synthetic dataset in `out` (either format), so
    that a CSV and a Parquet file of one table never sit side by side."""
    for table in TABLES:
        for suffix in (".csv", ".parquet"):
            (out / f"{table}{suffix}").unlink(missing_ok=True)


def build(
    cfg: GeneratorConfig,
    scale: float,
    seed: int,
    counties: list[str] | None,
    step: Callable[[str], None],
    code: str = "330000000000",
    id_tag: str = "",
) -> dict[str, pd.DataFrame]:
    """All tables in memory (contract columns plus internal ones), without writing.

    `id_tag` goes after the letters of the sequence ids (``P``, ``PB``, ``F``): the province's
    two digits in a national dataset, so that no two provinces share an id."""
    step("regions")
    whole = province.build_regions(code)
    regions = province.restrict(whole, counties)
    size = int((whole["level"] == "community").sum()) / ZHEJIANG_COMMUNITIES
    weights = county_weights(whole, cfg.urban_placement_weight)
    # generated names use the short labels (岗贝社区); the regions table keeps the NBS names
    ctx = Context(cfg, scale, seed, regions.assign(name=regions["label"]), weights, size, id_tag)
    step("organizations")
    reg = orgs.build_registered(ctx)
    step("community organizations")
    corgs = community_orgs.build_community_orgs(ctx)
    step("party organizations")
    reg["manager"] = responsible.managers(ctx, reg, ctx.rng("managers"))
    reg["supervisor_unit"] = responsible.supervisors(ctx, reg)
    corgs["party_manager_id"] = "PT" + corgs["township"].astype(str)
    pr = party.build_party(ctx, reg)  # sets the manager of joint branches' organizations
    reg["party_manager_id"] = reg["manager"]
    step("people and posts")
    registry = people.Registry()
    local = people.community_posts(ctx, registry)
    leader, leader_party = posts.org_posts(ctx, registry, reg)
    posts.community_org_posts(ctx, registry, corgs, local)
    posts.party_posts(ctx, registry, reg, pr, leader, leader_party, local["secretary"])
    posts.cross_posts(ctx, registry, reg, pr, local)
    posts.liaison_posts(ctx, registry, reg, pr)
    posts.part_time_posts(ctx, registry, reg, leader)
    people.social_workers(ctx, registry, reg)
    ppl, pst = registry.tables(ctx.rng("names"), "P" + id_tag)
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


def refuse_real_data(out: Path) -> None:
    """Refuse to write into a folder that holds anything but an earlier synthetic dataset:
    the generator must never overwrite a user's data.

    Raises
    ------
    UsageError
        If `out` is a file, or a non-empty folder without a ``dataset.toml`` saying
        ``synthetic = true``.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder")
    if not out.is_dir() or not any(out.iterdir()):
        return
    toml = out / "dataset.toml"
    try:
        synthetic = toml.is_file() and tomllib.loads(toml.read_text("utf-8")).get("synthetic")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        synthetic = False
    if synthetic is not True:
        raise UsageError(
            f"{out} is not empty and holds no synthetic dataset (no dataset.toml with "
            "synthetic = true): graphgov generate never overwrites other data; "
            "choose an empty or new folder"
        )
