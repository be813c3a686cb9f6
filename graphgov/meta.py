"""What travels with a dataset besides its tables: `dataset.toml` and `targets.toml`.

`DatasetInfo` holds the name, the `as_of` date the analyses look at, and a description.
`Targets` holds the policy targets and benchmarks (DATA_MODEL §1); its defaults are the
seed interview's 2020 targets for Zhejiang.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from graphgov.errors import DatasetError

#: toml section -> {toml key: Targets field}
_TARGET_KEYS = {
    "community_orgs": {"urban_min": "community_urban_min", "rural_min": "community_rural_min"},
    "hubs": {"township_share": "hubs_township_share", "community_share": "hubs_community_share"},
    "social_work": {
        "urban_share": "social_work_urban_share",
        "rural_share": "social_work_rural_share",
    },
    "party": {
        "org_coverage_benchmark": "org_coverage_benchmark",
        "national_org_coverage": "national_org_coverage",
        "work_coverage": "work_coverage",
    },
}


@dataclass(frozen=True)
class Targets:
    """Policy targets and benchmarks that reports compare against."""

    community_urban_min: int = 15
    community_rural_min: int = 5
    hubs_township_share: float = 1.0
    hubs_community_share: float = 1.0
    social_work_urban_share: float = 1.0
    social_work_rural_share: float = 0.333
    org_coverage_benchmark: float = 0.829
    national_org_coverage: float = 0.617
    work_coverage: float = 1.0

    @classmethod
    def from_toml(cls, path: str | Path) -> Targets:
        """Read a `targets.toml`; keys it leaves out keep their defaults."""
        data = _read_toml(Path(path))
        values: dict[str, object] = {}
        for section, keys in _TARGET_KEYS.items():
            table = data.get(section, {})
            unknown = set(table) - set(keys)
            if unknown:
                raise DatasetError(f"{path}: unknown key(s) in [{section}]: {sorted(unknown)}")
            for key, attr in keys.items():
                if key in table:
                    values[attr] = table[key]
        for f in fields(cls):
            if f.name in values and not isinstance(values[f.name], int | float):
                raise DatasetError(f"{path}: {f.name} must be a number")
        return cls(**values)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, float]:
        """Flat mapping of field name to value (what the Neo4j `:Dataset` node stores)."""
        return asdict(self)

    def to_toml(self) -> str:
        """The targets as `targets.toml` text."""
        lines: list[str] = []
        for section, keys in _TARGET_KEYS.items():
            lines.append(f"[{section}]")
            lines += [f"{key} = {getattr(self, attr)!r}" for key, attr in keys.items()]
            lines.append("")
        return "\n".join(lines)


@dataclass(frozen=True)
class DatasetInfo:
    """`dataset.toml`: name, the `as_of` date (ISO string) and a description."""

    name: str
    as_of: str
    description: str = ""

    @classmethod
    def from_dir(cls, path: str | Path) -> DatasetInfo:
        """Read `dataset.toml` in a dataset directory; without it, name = folder, as_of = today."""
        path = Path(path)
        file = path / "dataset.toml"
        data = _read_toml(file) if file.exists() else {}
        as_of = str(data.get("as_of", dt.date.today().isoformat()))
        try:
            as_of = parse_date(as_of)
        except ValueError as err:
            raise DatasetError(f"{file}: as_of {as_of!r} is not a YYYY-MM-DD date") from err
        return cls(str(data.get("name", path.name)), as_of, str(data.get("description", "")))


def parse_date(value: str | dt.date) -> str:
    """An ISO `YYYY-MM-DD` string, checked to be a real date (`2023-02-30` raises ValueError)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) != 10:
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
    return dt.date.fromisoformat(text).isoformat()


def load_targets(dataset_dir: str | Path, override: str | Path | None = None) -> Targets:
    """The targets for a dataset: `override` if given, else its `targets.toml`, else defaults."""
    if override is not None:
        return Targets.from_toml(override)
    file = Path(dataset_dir) / "targets.toml"
    return Targets.from_toml(file) if file.exists() else Targets()


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise DatasetError(f"{path}: file not found") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DatasetError(f"{path}: not valid TOML: {err}") from err
