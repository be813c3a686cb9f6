"""`graphgov regions`: the real division hierarchy below an area, as a contract table. Glue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import fail, out, plain, user_errors
from graphgov.cli_paths import output_file, writing


def regions(
    area_code: Annotated[
        str, typer.Argument(help="A province, city or county code: 33, 3301, 330106 or 12 digits.")
    ],
    output: Annotated[Path, typer.Option("--out", help="The regions.csv to write.")],
) -> None:
    """Write the real NBS 2023 hierarchy below AREA_CODE as a contract regions.csv."""
    from graphgov import divisions

    code = area_code.strip()
    if not code.isascii() or not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        fail(f"{code!r} is not a division code (2, 4, 6, 9 or 12 digits, e.g. 330106)")
    code = code.ljust(12, "0")
    unit = divisions.get(code)
    if unit is None:
        fail(f"{code}: no such division in the shipped {divisions.EDITION} edition")
    frame = divisions.regions_frame(code)
    with user_errors():
        output_file(output, "--out")
        with writing(output, "--out"):
            frame.to_csv(output, index=False)  # a data file for graphgov: exact values, no BOM
    levels = frame["level"].value_counts()
    counts = ", ".join(f"{levels.get(lv, 0):,} {lv}" for lv in ("township", "community"))
    out.print(
        plain(f"wrote {len(frame):,} regions below {unit.name} ({code}; {counts}) to {output}"),
        highlight=False,
        soft_wrap=True,
    )
