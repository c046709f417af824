"""Survey shares for the key-figure section: each share with its interval and the other
answer group (the complement: taking part beside not taking part), the basis of the share
(counted, or a rounded print whose interval covers the rounding) and a check note where
a result looks implausible. A column the data does not carry is not shown."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import catalog
from helpers.finnish import format_number
from helpers.report.formats import integer
from helpers.report.model import ReportData, Table, make_table
from helpers.report.unit_cost_tables import with_frame
from helpers.surveys import (
    APPROXIMATE_RELATIVE,
    CONFIDENCE,
    FROM_PRINT,
    MIN_CELL,
    SUPPRESSED,
    share_text,
)

LEVEL = f"{format_number(CONFIDENCE * 100)} %:n"
SHARE = f"Osuus % ({LEVEL} luottamusväli)"
COMPLEMENT = "Muut vastaajat % (luottamusväli)"
WORKBOOK_COLUMNS = {
    "survey": "Kysely",
    "measure": "Mittari",
    "respondents": "Vastaajia",
    "count": "Lukumäärä",
    "share_pct": "Osuus %",
    "ci_low": "Osuus, alaraja %",
    "ci_high": "Osuus, yläraja %",
    "share_basis": "Osuuden peruste",
    "complement_pct": "Muut vastaajat %",
    "complement_ci_low": "Muut vastaajat, alaraja %",
    "complement_ci_high": "Muut vastaajat, yläraja %",
    "reference_type": "Vertailu",
    "reference_value": "Vertailuarvo %",
    "complement_reference_value": "Muiden vertailuarvo %",
    "judgement": "Arvio",
    "check_note": "Tarkistettava",
}


@dataclass(frozen=True)
class SurveyShares:
    table: Table
    rounded: bool  # some shares are rounded prints, their intervals widened to the rounding
    approximate_pct: str  # "15": the ± of a "noin" print, in percent of the share
    checks: tuple[str, ...]  # "Kysely: mittari – why it must be checked", one per result
    suppressed: bool
    min_cell: int = MIN_CELL
    level: str = LEVEL


def interval_text(low: object, high: object) -> str:
    """``19,1–25,4``; empty when the interval is not known (a suppressed cell)."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"{format_number(float(low), 1)}–{format_number(float(high), 1)}"


def _has(shares: pd.DataFrame, column: str) -> bool:
    """The data carries ``column``: it exists and some row has a value in it."""
    if column not in shares:
        return False
    values = shares[column]
    return bool((values.notna() & (values.astype(str).str.strip() != "")).any())


def with_interval(share: object, low: object, high: object) -> str:
    """``22,1 (19,1–25,4)``: a share and its interval in one cell."""
    interval = interval_text(low, high)
    return f"{share_text(share)} ({interval})" if interval else share_text(share)


def shown_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """The survey table as the reader sees it; optional columns only where the data has them."""
    suppressed = shares["suppressed"].astype(bool).to_numpy()
    shown = pd.DataFrame(index=shares.index)
    shown["Vastaajia"] = shares["respondents"].map(integer)
    shown[SHARE] = [
        "tieto suojattu" if hidden else with_interval(share, low, high)
        for share, low, high, hidden in zip(
            shares["share_pct"], shares["ci_low"], shares["ci_high"], suppressed, strict=True
        )
    ]
    if _has(shares, "complement_pct"):
        shown[COMPLEMENT] = [
            with_interval(share, low, high)
            for share, low, high in zip(
                shares["complement_pct"],
                shares["complement_ci_low"],
                shares["complement_ci_high"],
                strict=True,
            )
        ]
    if _has(shares, "share_basis"):
        shown["Osuuden peruste"] = shares["share_basis"]
    shown["Vertailu"] = [_reference(row) for _, row in shares.iterrows()]
    shown["Arvio"] = shares["judgement"]
    if _has(shares, "check_note"):
        flagged = shares["check_note"].fillna("").astype(str).str.strip() != ""
        shown["Tarkistettava"] = flagged.map({True: "kyllä, ks. alla", False: ""})
    shown.index = pd.Index(shares["survey"] + ": " + shares["measure"], name="Kysely ja mittari")
    return shown


def _reference(row: pd.Series) -> str:
    """``tavoite alle 18 % (muut vastaajat 82 %)``, or empty without a reference."""
    if pd.isna(row["reference_value"]):
        return ""
    text = f"{row['reference_type']} {share_text(row['reference_value'])} %".strip()
    other = row.get("complement_reference_value")
    if other is not None and not pd.isna(other):
        text += f" (muut vastaajat {share_text(other)} %)"
    return text


def check_notes(shares: pd.DataFrame) -> tuple[str, ...]:
    """Each flagged result once, with the reason: "Kysely: mittari: tarkistettava: …"."""
    if not _has(shares, "check_note"):
        return ()
    flagged = shares[shares["check_note"].fillna("").astype(str).str.strip() != ""]
    texts = flagged["survey"] + ": " + flagged["measure"] + ": " + flagged["check_note"]
    return tuple(dict.fromkeys(texts))


def survey_shares(data: ReportData) -> SurveyShares | None:
    shares = data.dataset(catalog.SURVEY_SHARES.name)
    if shares.empty:
        return None
    shares = shares.reset_index(drop=True)
    shown = shown_shares(shares)
    numeric = [c for c in ("Vastaajia", SHARE, COMPLEMENT) if c in shown]
    table = make_table(
        shown,
        {c: str for c in numeric},
        caption=f"Kyselyjen osuudet, muut vastaajat ja {LEVEL} luottamusvälit",
        badges=frozenset({"Arvio"}),
    )
    columns = [c for c in WORKBOOK_COLUMNS if c in shares]
    frame = shares[columns].rename(columns=WORKBOOK_COLUMNS).set_index("Kysely")
    basis = shares["share_basis"] if "share_basis" in shares else pd.Series(dtype=str)
    return SurveyShares(
        table=with_frame(table, frame),
        rounded=bool(basis.astype(str).str.startswith(FROM_PRINT).any()),
        approximate_pct=format_number(APPROXIMATE_RELATIVE * 100),
        checks=check_notes(shares),
        suppressed=bool(shares["suppressed"].astype(bool).any())
        or bool((shares["judgement"] == SUPPRESSED).any()),
    )
