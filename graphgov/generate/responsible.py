"""Who is responsible for an organization: its 业务主管单位 (``supervisor_unit``) and the
Party organization in charge of its Party building (``party_manager_id``, 党建工作管理主体).

- Province-registered organizations of a field with an industry committee (行业党委) are
  managed by it half the time, else by the province's comprehensive committee; city ones by
  the city's comprehensive committee; county ones by their township's territorial committee
  (属地管理) 40% of the time when based in a township or community, else by the county's
  comprehensive committee (兜底管理). Filed community organizations: their township's
  territorial committee.
- The supervisor unit is the registering area's department for the field (教育局, 卫生健康局,
  民政局 …); decoupled industry associations, and organizations of the four directly
  registered fields (行业协会商会, 公益慈善, 城乡社区服务; 科技 is not a field here) founded
  from September 2016, have none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.generate._context import Context

#: Field -> the department that supervises it (county or city level, province level).
SUPERVISORS = {
    "education": ("教育局", "教育厅"),
    "health": ("卫生健康局", "卫生健康委员会"),
    "elderly_care": ("民政局", "民政厅"),
    "children_youth": ("妇女联合会", "妇女联合会"),
    "charity": ("民政局", "民政厅"),
    "culture_sports": ("文化和广电旅游体育局", "文化和旅游厅"),
    "industry_association": ("经济和信息化局", "经济和信息化厅"),
    "social_work": ("民政局", "民政厅"),
    "community_service": ("民政局", "民政厅"),
    "mediation": ("司法局", "司法厅"),
    "environment": ("生态环境局", "生态环境厅"),
    "other": ("科学技术协会", "科学技术协会"),
}
#: Fields that register directly, without a supervisor, from this date (中办国办, 2016-08).
DIRECT = ("industry_association", "charity", "community_service")
DIRECT_FROM = np.datetime64("2016-09-01", "D")
#: Field -> the industry committee (行业党委) of the province, by the organ it sits in.
INDUSTRY = {
    "education": "教育厅",
    "health": "卫生健康委",
    "industry_association": "工商联",
    "culture_sports": "文化和旅游厅",
    "charity": "民政厅",
}


def industry_ids(ctx: Context) -> dict[str, str]:
    """Field -> the id of the province's industry committee for it."""
    return {d: f"PI{ctx.province[:6]}{i:06d}" for i, d in enumerate(INDUSTRY, 1)}


def managers(ctx: Context, reg: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """``party_manager_id`` of each registered organization of `reg`."""
    at = reg["registered_at"].to_numpy()
    region = reg["region_code"].to_numpy().astype(str)
    county = reg["county"].to_numpy()
    township = reg["township"].to_numpy()
    ind = reg["domain"].map(industry_ids(ctx)).to_numpy()
    u = rng.random(len(reg))
    city = pd.Series(region).str[:4].to_numpy() + "00000000"
    county_comp = np.where(pd.isna(county), "PZ" + city, "PZ" + county.astype(str))
    terr = np.where(pd.isna(township), county_comp, "PT" + township.astype(str))
    county_parent = np.where(u < 0.4, terr, county_comp)
    prov_parent = np.where(pd.notna(ind) & (u < 0.5), ind, "PZ" + ctx.province)
    return np.select([at == "province", at == "city"], [prov_parent, "PZ" + city], county_parent)


def supervisors(ctx: Context, reg: pd.DataFrame) -> np.ndarray:
    """``supervisor_unit`` of each registered organization of `reg` (None where it has
    none): the registering area's name + the department of its field."""
    names = ctx.regions.set_index("code")["name"]
    division = reg["division"].astype(str)
    area = names.reindex(division + "000000").fillna("").to_numpy()
    city = names.reindex(division.str[:4] + "00000000").fillna("").to_numpy()
    at = reg["registered_at"].to_numpy()
    area = np.where(at == "county", city + area, area)
    dept = reg["domain"].map(lambda d: SUPERVISORS.get(d, SUPERVISORS["other"]))
    local = dept.map(lambda pair: pair[0]).to_numpy()
    upper = dept.map(lambda pair: pair[1]).to_numpy()
    unit = area + np.where(at == "province", upper, local)
    direct = reg["domain"].isin(DIRECT).to_numpy() & (reg["founded_d"].to_numpy() >= DIRECT_FROM)
    none = direct | reg["decoupled"].fillna(False).to_numpy(dtype=bool)
    return np.where(none, None, unit).astype(object)


__all__ = ["INDUSTRY", "SUPERVISORS", "industry_ids", "managers", "supervisors"]
