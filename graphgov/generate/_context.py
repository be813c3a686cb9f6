"""What every generator step sees: the knobs, the scale, the regions and its own random stream."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from graphgov.generate.config import GeneratorConfig


@dataclass
class Context:
    """The shared state of one generator run.

    Attributes
    ----------
    cfg : GeneratorConfig
    scale : float
    seed : int
    regions : DataFrame
        The selected regions (the whole province unless counties were given).
    county_weight : Series
        Placement weight of every county-level unit of the province (index: 12-digit code).
    size : float
        The province's communities over Zhejiang's (25,547): the factor that turns the
        knobs' Zhejiang-wide counts into this province's.
    id_tag : str
        Put after the letters of sequence ids (``P``, ``PB``, ``F``): the province's digits in
        a national dataset, empty for one province.
    """

    cfg: GeneratorConfig
    scale: float
    seed: int
    regions: pd.DataFrame
    county_weight: pd.Series
    size: float = 1.0
    id_tag: str = ""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def rng(self, step: str) -> np.random.Generator:
        """An independent random stream per step, so that one step's draws never shift
        another's."""
        return np.random.default_rng([self.seed, zlib.crc32(step.encode("utf-8"))])

    @property
    def province(self) -> str:
        """The province's 12-digit code."""
        return str(self.regions["code"].iloc[0])

    @property
    def province_name(self) -> str:
        return str(self.regions["name"].iloc[0])

    @property
    def counties(self) -> pd.DataFrame:
        """The county-level units: counties, and cities without counties (东莞市)."""
        return self.regions[self.regions["code"] == self.regions["county"]]

    @property
    def townships(self) -> pd.DataFrame:
        return self.regions[self.regions["level"] == "township"]

    @property
    def communities(self) -> pd.DataFrame:
        return self.regions[self.regions["level"] == "community"]

    @property
    def share(self) -> float:
        """The selected counties' share of the province's placement weight."""
        sel = self.county_weight[self.county_weight.index.isin(self.counties["code"])]
        return float(sel.sum() / self.county_weight.sum())

    def scaled(self, n: float) -> int:
        """A Zhejiang-wide scale-1 count for this run: times scale, the province's size and
        the selected share."""
        return int(round(n * self.scale * self.size * self.share))

    def county_counts(self, n: float) -> pd.Series:
        """A Zhejiang-wide count (times scale and size) apportioned over the province's
        county-level units, for the selected ones.

        The apportionment is over the whole province first, so a county gets the same number
        whether or not other counties are generated with it.
        """
        from graphgov.generate._rand import apportion

        parts = apportion(int(round(n * self.scale * self.size)), self.county_weight.to_numpy())
        per = pd.Series(parts, index=self.county_weight.index)
        return per[per.index.isin(self.counties["code"])]


def county_weights(regions: pd.DataFrame, urban_weight: float) -> pd.Series:
    """Placement weight of each county: its villages plus `urban_weight` per urban community."""
    comm = regions[regions["level"] == "community"]
    w = np.where(comm["area_type"] == "urban", urban_weight, 1.0)
    return pd.Series(w, index=comm.index).groupby(comm["county"].to_numpy()).sum().sort_index()
