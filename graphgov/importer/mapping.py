"""Mappings: which source column holds each contract column, and how values translate.

A mapping is a TOML file with one section per target table (README, "Bring your own
registry")::

    shape = "registry"                 # registry | filing | roster: how rows are placed
    [organizations.columns]            # field = the source header, or alternatives
    name = ["社会组织名称", "组织名称"]
    [organizations.values.kind]        # source value = contract value
    "社会团体" = "social_group"
    [organizations.extra]              # further columns kept as properties
    registered_capital_wan = "注册资金(万元)"
    [organizations.constants]          # a value for every row
    kind = "community"

Headers are compared after :func:`~graphgov.importer.sources.normalise_header` (spaces and
full-width brackets do not matter); values after :func:`~graphgov.importer.values.normal_text`.
The shipped presets are in ``graphgov/importer/presets/``: ``registry``, ``filing``,
``roster`` (:data:`PRESETS`).

>>> m = preset("registry")
>>> m.shape, m.table, m.columns["kind"][:2]
('registry', 'organizations', ('社会组织类型', '组织类型'))
>>> pick(["社会组织名称", "统一社会信用代码", "社会组织类型", "住所"]).name
'registry'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from graphgov.errors import DatasetError, UsageError
from graphgov.importer.sources import normalise_header
from graphgov.importer.values import normal_text
from graphgov.tomlfile import TomlFile, read_text

__all__ = ["FIELDS", "PRESETS", "SHAPES", "Binding", "Mapping", "load", "pick", "preset"]

_PRESET_DIR = Path(__file__).with_name("presets")
PRESETS = ("registry", "filing", "roster")

#: Per shape: its target table, the fields it needs and the fields it may use.
SHAPES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "registry": (
        "organizations",
        ("name", "org_id", "kind"),
        ("authority", "address", "founded", "status", "supervisor_unit", "domain",
         "deregistered_on", "abnormal_since", "abnormal_until", "hub_role",
         "social_work_agency", "party_members", "region_code"),
    ),
    "filing": (
        "organizations",
        ("name", "community"),
        ("township", "authority", "founded", "domain", "status", "supervisor_unit",
         "deregistered_on"),
    ),
    "roster": (
        "party_orgs",
        ("name", "kind"),
        ("parent", "unit", "formal_members", "founded", "dissolved", "address", "region_code"),
    ),
}  # fmt: skip
#: Fields whose value map is strict (an unmapped value is a reject); others keep the text.
STRICT_VALUES = ("kind", "status", "hub_role")
#: What each import field (not a contract column) means.
FIELDS = {
    "authority": "登记管理机关 / 备案机关: the authority's name, resolved to its division",
    "address": "住所: a free-text address, resolved to the deepest region it names",
    "community": "所在社区: a community named within the filing authority's county",
    "township": "所属街道: a township named within the filing authority's county",
    "parent": "上级党组织: the superior Party organization, by name",
    "unit": "所在单位: the organization(s) a Party organization is set up in, by name or USCC",
}
_KEYS = ("shape", "description")


@dataclass(frozen=True)
class Mapping:
    """One mapping: a preset or a user's TOML file."""

    name: str
    shape: str
    table: str
    columns: dict[str, tuple[str, ...]]
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    description: str = ""

    def headers(self) -> set[str]:
        """Every source header this mapping knows (normalised)."""
        return {h for hs in (*self.columns.values(), *self.extra.values()) for h in hs}

    def score(self, columns: tuple[str, ...]) -> tuple[int, int]:
        """``(required fields found, headers found)`` for a sheet's normalised header."""
        present = set(columns)
        required = SHAPES[self.shape][1]
        found = sum(
            1 for f in required if f in self.constants or _first(self.columns.get(f), present)
        )
        return found, len(self.headers() & present)

    def bind(self, columns: tuple[str, ...], where: str) -> Binding:
        """Which column index holds each field; a missing required field is fatal."""
        index = {c: i for i, c in reversed(list(enumerate(columns))) if c}
        fields: dict[str, int] = {}
        for name, alternatives in (*self.columns.items(), *self.extra.items()):
            header = _first(alternatives, index)
            if header is not None:
                fields[name] = index[header]
        required = SHAPES[self.shape][1]
        for name in required:
            if name not in fields and name not in self.constants:
                wanted = self.columns.get(name, ())
                raise DatasetError(
                    f"{where}: mapping {self.name!r} needs column {name!r} "
                    f"({' / '.join(wanted) or 'not mapped'}), and the header has none"
                    f"{_nearest(wanted, columns)}"
                )
        missing = [n for n in self.columns if n not in fields and n not in required]
        return Binding(self, fields, tuple(missing), tuple(columns))


@dataclass(frozen=True)
class Binding:
    """A mapping applied to one sheet's header: field -> column index."""

    mapping: Mapping
    fields: dict[str, int]
    missing: tuple[str, ...]
    headers: tuple[str, ...]

    def cell(self, row: tuple[str, ...], name: str) -> str:
        """The row's text for field `name` (a constant, the cell, or ``""``)."""
        if name in self.fields:
            return row[self.fields[name]]
        return self.mapping.constants.get(name, "")


def _first(alternatives: tuple[str, ...] | None, present) -> str | None:
    for header in alternatives or ():
        if header in present:
            return header
    return None


def _nearest(wanted: tuple[str, ...], columns: tuple[str, ...]) -> str:
    options = [c for c in columns if c]
    for header in wanted:
        close = difflib.get_close_matches(header, options, n=1, cutoff=0.4)
        if close:
            return f" (nearest header present: {close[0]!r})"
    return f" (the header is: {', '.join(options[:12])})" if options else ""


def preset(name: str) -> Mapping:
    """A shipped preset by name (:data:`PRESETS`)."""
    if name not in PRESETS:
        near = difflib.get_close_matches(name, PRESETS, n=1)
        hint = f"did you mean {near[0]}?" if near else f"the presets are {', '.join(PRESETS)}"
        raise UsageError(f"--preset {name}: no such preset ({hint}, or auto)")
    return load(_PRESET_DIR / f"{name}.toml", name=name)


def pick(columns: list[str] | tuple[str, ...]) -> Mapping:
    """The preset whose headers a sheet matches best: every required field present, then
    the most headers in common (ties: the order of :data:`PRESETS`)."""
    normal = tuple(normalise_header(c) for c in columns)
    scored = []
    for name in PRESETS:
        mapping = preset(name)
        (found, common), need = mapping.score(normal), len(SHAPES[mapping.shape][1])
        scored.append((found == need, common, -PRESETS.index(name), mapping))
    best = max(scored, key=lambda s: s[:3])
    if not best[0]:
        shown = ", ".join(c for c in normal if c)
        raise DatasetError(
            f"no preset matches the header ({shown}); write a mapping (--mapping FILE)"
        )
    return best[3]


def load(path: Path, *, name: str | None = None) -> Mapping:
    """Read a mapping file; every problem is one line naming the file, line and key."""
    text = read_text(path)
    toml = TomlFile(str(path), text)
    data = toml.parse()
    shape = data.get("shape")
    if shape not in SHAPES:
        toml.fail((), "shape", f"must be one of {', '.join(SHAPES)}, not {shape!r}")
    table, required, optional = SHAPES[shape]
    allowed = [*_KEYS, table]
    for key in data:
        if key not in allowed:
            toml.unknown((), key, allowed, section=isinstance(data[key], dict), sections=[table])
    if table not in data:
        toml.fail((), None, f"a {shape} mapping needs a [{table}.columns] section")
    body = toml.table((), table, data[table])
    for key in body:
        if key not in ("columns", "extra", "values", "constants"):
            toml.unknown((table,), key, ["columns", "extra", "values", "constants"], section=True)
    fields = (*required, *optional)
    columns = _headers(toml, (table, "columns"), body.get("columns", {}), fields)
    extra = _headers(toml, (table, "extra"), body.get("extra", {}), None)
    values = {}
    for column, pairs in toml.table((table,), "values", body.get("values", {})).items():
        if column not in fields:
            toml.unknown((table, "values"), column, list(fields), section=True)
        pairs = toml.table((table, "values"), column, pairs)
        values[column] = {
            normal_text(k): toml.typed((table, "values", column), k, v, str, "text")
            for k, v in pairs.items()
        }
    constants = {
        k: toml.typed((table, "constants"), k, v, str, "text")
        for k, v in toml.table((table,), "constants", body.get("constants", {})).items()
    }
    description = data.get("description", "")
    return Mapping(name or path.stem, shape, table, columns, extra, values, constants, description)


def _headers(toml: TomlFile, where: tuple[str, ...], section: object, fields) -> dict:
    out = {}
    for key, value in toml.table(where[:-1], where[-1], section).items():
        if fields is not None and key not in fields:
            toml.unknown(where, key, list(fields))
        alternatives = [value] if isinstance(value, str) else value
        if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
            toml.fail(where, key, "must be a header or a list of headers")
        out[key] = tuple(normalise_header(a) for a in alternatives)
    return out
