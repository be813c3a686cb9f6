"""What travels with a dataset besides its tables: `dataset.toml` and `targets.toml`.

`DatasetInfo` holds the name, the `as_of` date the analyses look at, a description and
whether the data are synthetic. `Targets` holds the policy targets and benchmarks
(datasets/README.md, dataset.toml and targets.toml); its defaults are the seed interview's
2020 targets for Zhejiang (datasets/README.md, Calibration sources).

Both files are checked strictly: an unknown key or section, a value of the wrong type, a
non-finite or out-of-range number, a file that is a folder or not UTF-8 each stop the run
with one :class:`~graphgov.errors.DatasetError` line naming the file, the line where it can
be found, the key and the nearest allowed key.

>>> t = Targets.from_text('year = 2020\\n[social_work]\\nrural_share = "1/3"\\n', "t.toml")
>>> t.social_work_rural_share, t.exact("social_work_rural_share")
(0.3333333333333333, Fraction(1, 3))
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from pathlib import Path

from graphgov.tomlfile import TomlFile, read_text, show

__all__ = ["FULLWIDTH", "TARGET_KEYS", "DatasetInfo", "Targets", "load_targets", "parse_date"]

#: Full-width forms of ASCII (U+FF01-U+FF5E) -> ASCII: what Unicode NFKC does to them.
FULLWIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)})
#: Largest minimum a target may ask for (also keeps it inside Neo4j's 64-bit integers).
MAX_MINIMUM = 1_000_000
YEARS = (1900, 2100)

_MINS = {"urban_min": "community_urban_min", "rural_min": "community_rural_min"}
#: toml section -> {toml key: Targets field}
TARGET_KEYS = {
    "community_orgs": _MINS,
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
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str | dt.date) -> str:
    """An ISO ``YYYY-MM-DD`` string, checked to be a real date.

    Full-width digits and hyphens are read as ASCII; anything else (``2023-02-30``, week
    dates, other scripts' digits, a date-time) raises ValueError.

    >>> parse_date("２０２０－０２－２９")
    '2020-02-29'
    """
    if isinstance(value, dt.datetime):
        raise ValueError(f"a date-time, not a date: {value.isoformat()}")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip().translate(FULLWIDTH)
    if not _DATE.fullmatch(text):
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
    return dt.date.fromisoformat(text).isoformat()


@dataclass(frozen=True)
class Targets:
    """Policy targets and benchmarks that reports compare against.

    Attributes
    ----------
    year : int
        The year the targets are due.
    community_urban_min, community_rural_min : int
        Average community social organizations per urban / rural community.
    hubs_township_share, ..., work_coverage : float
        Shares from 0 to 1. One written as ``"a/b"`` is kept exactly: see :meth:`exact`.
    fractions : tuple
        ``(field, "a/b")`` for the shares written as fractions (not compared: the float
        is the same number).
    later : tuple
        ``(year, Targets)`` from ``[by_year.YEAR]`` tables, each based on these targets.
    """

    year: int = 2020
    community_urban_min: int = 15
    community_rural_min: int = 5
    hubs_township_share: float = 1.0
    hubs_community_share: float = 1.0
    social_work_urban_share: float = 1.0
    social_work_rural_share: float = 0.333
    org_coverage_benchmark: float = 0.829
    national_org_coverage: float = 0.617
    work_coverage: float = 1.0
    fractions: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    later: tuple[tuple[int, Targets], ...] = field(default=(), repr=False)

    @classmethod
    def from_toml(cls, path: str | Path) -> Targets:
        """Read a `targets.toml`; keys it leaves out keep their defaults.

        Raises
        ------
        DatasetError
            The file is missing, a folder, not UTF-8 or not TOML; a key or section is
            unknown; a value has the wrong type or is out of range.
        """
        return cls.from_text(read_text(Path(path)), str(path))

    @classmethod
    def from_text(cls, text: str, file: str) -> Targets:
        """The targets in `text`, the content of `file` (named in messages)."""
        spot = TomlFile(file, text)
        data = spot.parse()
        allowed = ["year", *TARGET_KEYS, "by_year"]
        for key, value in data.items():
            if key not in allowed:
                home = [s for s, keys in TARGET_KEYS.items() if key in keys]
                hint = f" (it belongs in [{home[0]}])" if home else None
                spot.unknown((), key, allowed, hint, section=isinstance(value, dict))
        base = cls()
        if "year" in data:
            base = replace(base, year=spot.year((), "year", data["year"], YEARS))
        base = base._with_sections(spot, (), data)
        later = spot.table((), "by_year", data.get("by_year", {}))
        years: list[tuple[int, Targets]] = []
        for name, table in later.items():
            year = spot.year(("by_year",), name, name, YEARS)
            if year <= base.year:
                spot.fail(("by_year", name), None, f"must be after year = {base.year}")
            table = spot.table(("by_year",), name, table)
            for key in table:
                if key not in TARGET_KEYS:
                    spot.unknown(("by_year", name), key, list(TARGET_KEYS), section=True)
            years.append(
                (year, replace(base, year=year)._with_sections(spot, ("by_year", name), table))
            )
        return replace(base, later=tuple(sorted(years, key=lambda p: p[0])))

    def _with_sections(self, spot: TomlFile, where: tuple[str, ...], data: dict) -> Targets:
        values: dict[str, object] = {}
        fractions = dict(self.fractions)
        for section, keys in TARGET_KEYS.items():
            table = spot.table(where, section, data.get(section, {}))
            for key, value in table.items():
                place = (*where, section)
                if key not in keys:
                    spot.unknown(place, key, list(keys))
                attr = keys[key]
                if keys is _MINS:
                    values[attr] = spot.minimum(place, key, value, MAX_MINIMUM)
                else:
                    values[attr], text = spot.share(place, key, _fold(value))
                    fractions.pop(attr, None)
                    if text is not None:
                        fractions[attr] = text
        return replace(self, fractions=tuple(sorted(fractions.items())), **values)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, float]:
        """Flat mapping of field name to number (what the Neo4j `:Dataset` node stores).

        Shares written as fractions are given as floats, and ``[by_year]`` targets are left
        out: see :meth:`exact` and :meth:`schedule`.
        """
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _EXTRA}

    def exact(self, name: str) -> Fraction:
        """The exact value of a target: ``Fraction(1, 3)`` for ``"1/3"``, else as written.

        >>> Targets().exact("social_work_rural_share")
        Fraction(333, 1000)
        """
        text = dict(self.fractions).get(name)
        return Fraction(text.replace(" ", "")) if text else Fraction(repr(getattr(self, name)))

    def schedule(self) -> dict[int, Targets]:
        """Due year -> targets: this year's, then each ``[by_year.YEAR]`` table's."""
        return {self.year: replace(self, later=()), **dict(self.later)}

    def on(self, day: str) -> Targets:
        """The targets in force on `day` (an ISO date): those due that year or the first
        due year after it; past the last due year, the last ones.

        >>> t = Targets.from_text("[by_year.2025.community_orgs]\\nurban_min = 20\\n", "t")
        >>> [t.on(d).community_urban_min for d in ("2019-06-30", "2020-12-31", "2021-01-01")]
        [15, 15, 20]
        """
        year = int(str(day)[:4])
        schedule = self.schedule()
        due = [y for y in sorted(schedule) if y >= year]
        chosen = schedule[due[0] if due else max(schedule)]
        return chosen if not self.later else replace(chosen, later=self.later)

    def to_toml(self) -> str:
        """The targets as `targets.toml` text (:meth:`from_toml` reads it back equal)."""
        lines = [f"year = {self.year}", "", *self._sections(())]
        for year, later in self.later:
            lines += later._sections(("by_year", str(year)))
        return "\n".join(lines)

    def _sections(self, where: tuple[str, ...]) -> list[str]:
        lines: list[str] = []
        fractions = dict(self.fractions)
        for section, keys in TARGET_KEYS.items():
            lines.append(f"[{'.'.join((*where, section))}]")
            for key, attr in keys.items():
                text = fractions.get(attr)
                lines.append(f'{key} = "{text}"' if text else f"{key} = {getattr(self, attr)!r}")
            lines.append("")
        return lines


_EXTRA = {"fractions", "later"}


def _fold(value: object) -> object:
    """A string with its full-width forms in ASCII (``"１/３"`` is ``"1/3"``); else `value`."""
    return value.translate(FULLWIDTH) if isinstance(value, str) else value


@dataclass(frozen=True)
class DatasetInfo:
    """`dataset.toml`: name, the `as_of` date (ISO string), a description, synthetic or not."""

    name: str
    as_of: str
    description: str = ""
    synthetic: bool = False

    @classmethod
    def from_dir(cls, path: str | Path) -> DatasetInfo:
        """Read `dataset.toml` in a dataset directory; without it, name = folder, as_of = today.

        Raises
        ------
        DatasetError
            The file is a folder, not UTF-8 or not TOML; a key is unknown; ``name`` or
            ``description`` is not a string, ``as_of`` not a real date, ``synthetic`` not a
            boolean.
        """
        path = Path(path)
        file = path / "dataset.toml"
        present = file.exists() or file.is_symlink()
        spot = TomlFile(str(file), read_text(file) if present else "")
        data = spot.parse()
        allowed = ["name", "as_of", "description", "synthetic"]
        for key in data:
            if key not in allowed:
                spot.unknown((), key, allowed)
        name = spot.typed((), "name", data.get("name", path.resolve().name), str, "a string")
        if not name.strip():
            spot.fail((), "name", "must not be empty")
        as_of = data.get("as_of", dt.date.today())
        try:
            as_of = parse_date(as_of) if isinstance(as_of, str | dt.date) else None
        except ValueError:
            as_of = None
        if as_of is None:
            spot.fail((), "as_of", f"{show(data['as_of'])} is not a YYYY-MM-DD date")
        description = spot.typed((), "description", data.get("description", ""), str, "a string")
        synthetic = spot.typed((), "synthetic", data.get("synthetic", False), bool, "true or false")
        return cls(name, as_of, description, synthetic)


def load_targets(dataset_dir: str | Path, override: str | Path | None = None) -> Targets:
    """The targets for a dataset: `override` if given, else its `targets.toml`, else defaults."""
    if override is not None:
        return Targets.from_toml(override)
    file = Path(dataset_dir) / "targets.toml"
    return Targets.from_toml(file) if file.exists() or file.is_symlink() else Targets()
