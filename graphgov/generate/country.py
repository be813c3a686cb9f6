"""The national synthetic dataset: every province of the shipped hierarchy, generated one at a
time and streamed to the table files, so that memory holds one province, never the country.

Each province is :func:`graphgov.generate.core.build` on its real hierarchy, at the national
scale (:data:`NATIONAL_SCALE` times the user's ``scale``) and its own seed
(:func:`province_seed`); provinces scale with their number of village-level units, as every
province does. The national figures it is calibrated to (``../shared/reference``; what each
province gets is in datasets/README.md, The national dataset):

- registered social organizations: 86.6万 existing on 2019-12-31 (the national registry,
  2019), which fixes :data:`NATIONAL_SCALE`;
- Party organizational coverage: the national 61.7% on end-2017, Zhejiang keeping its own
  82.9% on end-2018 (no other province's figure is known) and every other province
  getting the one rate that gives that national average (:data:`OTHER_PROVINCES_COVERAGE`);
- the kind mix and every other rate: Zhejiang's, for want of national figures.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from graphgov import divisions
from graphgov.errors import UsageError
from graphgov.generate.config import GeneratorConfig, default_config
from graphgov.generate.core import (
    MAX_SCALE,
    MIN_SCALE,
    build,
    check_scale,
    clear_output,
    output_files,
    write_meta,
)
from graphgov.generate.province import province_code

#: The per-province generator scale of the national dataset at ``scale`` 1.0: Zhejiang's
#: registered organizations per village-level unit times this give the national 86.6万 on
#: 2019-12-31 (measured in benchmarks/README.md, National generation).
NATIONAL_SCALE = 0.556
#: Formal Party organizational coverage on end-2017 of every province but Zhejiang in the
#: national dataset: with Zhejiang at its own rate (76.1% on end-2017 on its way to 82.9% on
#: end-2018, 4.1% of the country's registered organizations) this makes the national average
#: the reference's 61.7% (62.3% were every other province at 61.7%; measured in
#: benchmarks/README.md, National generation).
OTHER_PROVINCES_COVERAGE = 0.611
#: The dataset's name in ``dataset.toml``.
COUNTRY_NAME = "china-synthetic"


def all_provinces() -> list[str]:
    """The 12-digit codes of every province of the shipped table, in code order.

    >>> codes = all_provinces()
    >>> len(codes), codes[0], codes[-1]
    (31, '110000000000', '650000000000')
    """
    frame = divisions.table().frame
    return sorted(frame.loc[frame["level"] == "province", "code"].tolist())


def parse_provinces(text: str) -> list[str]:
    """``all`` or comma-separated 2-digit codes (``33,32``) as 12-digit codes.

    >>> parse_provinces("64, 63")
    ['640000000000', '630000000000']

    Raises
    ------
    UsageError
        If a code is not a province of the shipped table, or one is given twice.
    """
    if text.strip().lower() == "all":
        return all_provinces()
    try:
        codes = [province_code(p) for p in text.split(",") if p.strip()]
    except UsageError as err:
        raise UsageError(str(err).replace("--province ", "--provinces: ", 1)) from None
    if not codes:
        raise UsageError("--provinces: give 2-digit province codes (33,32) or all")
    twice = sorted({c[:2] for c in codes if codes.count(c) > 1})
    if twice:
        raise UsageError(f"--provinces: {', '.join(twice)} given more than once")
    return codes


def country_config(code: str) -> GeneratorConfig:
    """The knobs of one province of the national dataset: :func:`default_config`, with
    :data:`OTHER_PROVINCES_COVERAGE` outside Zhejiang.

    >>> country_config("640000000000").org_coverage, country_config("330000000000").org_coverage
    (0.611, 0.829)
    """
    cfg = default_config(code)
    return cfg if code[:2] == "33" else replace(cfg, org_coverage=OTHER_PROVINCES_COVERAGE)


def province_seed(seed: int, code: str) -> int:
    """The seed of one province of a national run: the provinces' random streams differ.

    >>> province_seed(2019, "330000000000")
    201933
    """
    return int(seed) * 100 + int(code[:2])


def generate_country(
    out_dir: str | Path,
    scale: float = 1.0,
    seed: int = 2019,
    provinces: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
    fmt: str = "parquet",
    name: str | None = None,
) -> dict[str, int]:
    """Generate the national dataset (or the given provinces) into `out_dir`.

    Parameters
    ----------
    out_dir : str or Path
        Directory to write (as for :func:`~graphgov.generate.generate`).
    scale : float
        1.0 = the national calibration (:data:`NATIONAL_SCALE` per province).
    seed : int
        The run's seed; province ``p`` uses :func:`province_seed`.
    provinces : list of str, optional
        12-digit province codes (:func:`parse_provinces`); default every province.
    progress : callable, optional
        Called with ``"<province> (i/n): <step>"`` as each step starts.
    fmt : str
        ``parquet`` (default: a province at a time, one row group each) or ``csv``.
    name : str, optional
        The dataset's name; default :data:`COUNTRY_NAME`.

    Returns
    -------
    dict
        Row count per table written.
    """
    codes = provinces or all_provinces()
    per = NATIONAL_SCALE * scale
    low, high = (float(f"{bound / NATIONAL_SCALE:.3g}") for bound in (MIN_SCALE, MAX_SCALE))
    check_scale(scale, low, high, " nationally")
    out = Path(out_dir)
    files = output_files(out, fmt)
    clear_output(out)
    say = progress or (lambda _text: None)
    names = []
    for i, code in enumerate(codes, start=1):
        pname = divisions.get(code).name
        names.append(pname)

        def step(what: str, where: str = f"{pname} ({i}/{len(codes)})") -> None:
            say(f"{where}: {what}")

        tables = build(
            country_config(code), per, province_seed(seed, code), None, step, code, id_tag=code[:2]
        )
        step("writing files")
        for table, frame in tables.items():
            files.append(table, frame)
        del tables
        gc.collect()
    counts = files.close()
    which = "all 31 provinces" if len(codes) == 31 else "、".join(names)
    desc = (
        f"Synthetic China ({which}; graphgov generate --provinces, scale {scale:g} = "
        f"{per:g} per province, seed {int(seed)}), calibrated to the national figures: "
        "866,000 registered social organizations (2019), Party organizational coverage 61.7% "
        "nationally (end-2017; Zhejiang its own 82.9%, end-2018), Zhejiang's kind mix and "
        f"rates. Real regions ({divisions.EDITION}); invented organizations, Party "
        "organizations, people, posts, services and facilities."
    )
    write_meta(out, name or COUNTRY_NAME, desc)
    return counts
