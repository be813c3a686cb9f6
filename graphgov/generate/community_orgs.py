"""Filed community social organizations (社区社会组织, 备案): ids ``C<community code>-NNNN``.

Each community's count is drawn around its area type's level: most communities a little
above it, a lagging fifth well below. The levels share out the rows that
``community_orgs_path`` needs (the filings existing on as_of and those cancelled by then) in
the ratio of the urban and rural means, as they would over Zhejiang's real communities; the
founding and cancelling dates follow the path (community hubs: founded from 2014, never
cancelled).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate import history as hs
from graphgov.generate import names as nm
from graphgov.generate._context import Context
from graphgov.generate.config import AS_OF, ZHEJIANG_RURAL, ZHEJIANG_URBAN


def build_community_orgs(ctx: Context) -> pd.DataFrame:
    """The filed community organizations of the selected communities."""
    cfg, rng = ctx.cfg, ctx.rng("community_orgs")
    comm = ctx.communities
    urban = (comm["area_type"] == "urban").to_numpy()
    mean = np.where(urban, cfg.community_orgs_urban_mean, cfg.community_orgs_rural_mean)
    lag = rng.random(len(comm)) < cfg.community_orgs_lagging_share
    f_lag = cfg.community_orgs_lagging_factor
    f_up = (1 - cfg.community_orgs_lagging_share * f_lag) / (1 - cfg.community_orgs_lagging_share)
    s = cfg.community_orgs_sigma
    span = (cfg.history_start, AS_OF, cfg.community_org_gone_rate)
    rows = hs.rows_for(cfg.community_orgs_path, *span)
    unit = rows / (
        ZHEJIANG_URBAN * cfg.community_orgs_urban_mean
        + ZHEJIANG_RURAL * cfg.community_orgs_rural_mean
    )
    lam = mean * np.where(lag, f_lag, f_up) * rng.lognormal(-(s**2) / 2, s, len(comm))
    lam = lam * ctx.scale * unit
    # binomial(2λ, 1/2): mean λ, variance λ/2, tighter than Poisson around each level
    n = rng.binomial(
        np.ceil(2 * lam).astype(np.int64), np.where(lam > 0, lam / np.ceil(2 * lam + 1e-12), 0)
    )
    idx = np.repeat(np.arange(len(comm)), n)
    seq = np.arange(len(idx)) - np.repeat(np.cumsum(n) - n, n) + 1
    code = comm["code"].to_numpy()[idx]
    orgs = pd.DataFrame(
        {
            "org_id": "C" + code + "-" + pd.Series(seq).astype(str).str.zfill(4).to_numpy(),
            "kind": "community",
            "registered_at": "township",
            "region_code": code,
            "county": comm["county"].to_numpy()[idx],
            "township": comm["township"].to_numpy()[idx],
            "area_type": comm["area_type"].to_numpy()[idx],
            "base_level": "community",
        }
    )
    k = len(orgs)
    mix = cfg.domain_mix["community"]
    domain = rd.pick(rng, list(mix), k, list(mix.values()))
    # a community-level hub (社区社会组织联合会) in some urban communities: their first org
    hub_comm = urban & (rng.random(len(comm)) < cfg.community_hub_share) & (n > 0)
    is_hub = (seq == 1) & hub_comm[idx]
    domain[is_hub] = "community_service"
    orgs["domain"] = domain
    orgs["hub_role"] = np.where(is_hub, "hub", "none")
    cname = comm["name"].to_numpy()[idx]
    stem = nm.stems_for(rng, pd.Series(domain), nm.COMMUNITY_STEMS)
    name = nm.unique_names(rng, cname, stem, groups=idx)
    orgs["name"] = np.where(is_hub, cname + nm.brands(rng, k) + "社会组织联合会", name)
    orgs["social_work_agency"] = False
    orgs["party_members"] = rng.poisson(0.6, k)
    dated = ctx.rng("community_org_dates")
    founded = rd.dates(dated, "2014-01-01", "2020-10-31", k)
    gone = np.full(k, hs.NAT)
    rest = np.flatnonzero(~is_hub)
    founded[rest], gone[rest] = hs.lifecycle(dated, len(rest), cfg.community_orgs_path, *span)
    orgs["status"] = np.where(np.isnat(gone), "active", "deregistered")
    orgs["founded_d"], orgs["gone_d"] = founded, gone
    orgs["founded"] = rd.date_str(founded)
    orgs["deregistered_on"] = rd.date_str(gone)
    return orgs
