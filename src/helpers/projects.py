"""Projects (hankkeet): totals by funder and goal, the city's share, ending projects."""

from __future__ import annotations

import re

import pandas as pd

from helpers.finnish import parse_number


def end_year(duration: str) -> int | None:
    """``2023–2024`` → 2024, ``2024`` → 2024; ``None`` when no year is printed."""
    years = re.findall(r"\d{4}", str(duration))  # None, NaN and <NA> print no digits
    return int(years[-1]) if years else None


def spending_pct(printed: str | None) -> float | None:
    """The printed spending realisation as a number; two figures (``70,4 / 83,4``) or none
    cannot be one number and give ``None``."""
    if printed is None or pd.isna(printed) or "/" in str(printed):
        return None
    return parse_number(str(printed))


def project_table(projects: pd.DataFrame, year: int) -> pd.DataFrame:
    """Projects with the city's own share in euros, spending in % and euros, and whether the
    project ends in ``year``."""
    out = projects.copy()
    out["city_share_eur"] = out["total_funding"] * out["city_share_pct"].fillna(0) / 100
    out["external_eur"] = out["total_funding"] - out["city_share_eur"]
    out["spending_pct"] = out["spending_printed"].map(spending_pct).astype("Float64")
    out["spent_eur"] = out["total_funding"] * out["spending_pct"] / 100
    out["end_year"] = out["duration"].map(end_year).astype("Int64")
    out["ends_this_year"] = out["end_year"] == year
    return out


def totals_by(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Count, total funding, the city's share and the external funding per ``by``."""
    grouped = table.groupby(by, sort=True).agg(
        projects=("project", "size"),
        total_funding=("total_funding", "sum"),
        city_share_eur=("city_share_eur", "sum"),
        external_eur=("external_eur", "sum"),
    )
    return grouped.astype({"total_funding": float, "city_share_eur": float, "external_eur": float})
