"""The findings the one-page Yhteenveto lists, each computed from the period's datasets.

Every function returns the short Finnish texts of one bullet (empty when the period has no
data for it); ``summary`` adds the heading and the link to the section it summarises.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers import catalog
from helpers.finnish import format_number, format_percent
from helpers.forecast import FAVOURABLE, UNFAVOURABLE
from helpers.goals import defined_goals, template_rows
from helpers.income_statement import realisation_percent, remaining
from helpers.narrative import deviation_phrase
from helpers.report.goals import STRATEGIC
from helpers.report.model import ReportData
from helpers.schemas import GOAL_STATUSES
from helpers.surveys import CONFIDENCE, TARGET_ABOVE, TARGET_BELOW

TOP_DEVIATIONS = 3  # favourable and unfavourable lines shown each
TOP_RISKS = 2  # the risks with the highest probability × significance (ties all shown)
FULL_SPENDING_PCT = 100.0  # a project above this has spent more than its funding
# Forecast lines that are sums of others: their deviation is already in their parts.
SUM_METHOD = "summa"


def euros(value: float) -> str:
    return f"{format_number(abs(value))} €"


def largest_deviations(data: ReportData, label: str) -> tuple[str, ...]:
    """The service-area lines whose whole forecast interval lies on the ``label`` side of the
    budget (``suotuisa`` / ``epäsuotuisa``), largest in euros first, as
    ``Unit, line: menot alittavat talousarvion 397 997 € (11,9 %)``."""
    forecast = data.dataset(catalog.FORECAST.name)
    if forecast.empty:
        return ()
    department = data.config.department_unit.label
    lines = forecast[
        (forecast["unit"] != department)
        & (forecast["method"] != SUM_METHOD)
        & (forecast["interval_side"] == label)
    ]
    largest = lines.reindex(lines["deviation_eur"].abs().sort_values(ascending=False).index)
    return tuple(
        f"{data.unit_name(row['unit'])}, {row['line']}: "
        f"{deviation_phrase(row['budget'], row['deviation_eur'])}"
        for _, row in largest.head(TOP_DEVIATIONS).iterrows()
    )


def favourable_deviations(data: ReportData) -> tuple[str, ...]:
    return largest_deviations(data, FAVOURABLE)


def unfavourable_deviations(data: ReportData) -> tuple[str, ...]:
    return largest_deviations(data, UNFAVOURABLE)


def known_unbudgeted(data: ReportData) -> tuple[str, ...]:
    """Items known but not in the budget (the forecast's adjustments), with their reason."""
    adjustments = data.dataset(catalog.FORECAST_ADJUSTMENTS.name)
    return tuple(
        f"{data.unit_name(row['unit'])}, {row['line']}: {euros(row['amount'])} "
        f"{'lisämenoa' if row['amount'] < 0 else 'lisätuloa'}, sisältyy ennusteeseen "
        f"({first_clause(row['reason'])})"
        for _, row in adjustments.iterrows()
    )


def disagreements(data: ReportData) -> tuple[str, ...]:
    """Where the model and management's own estimate disagree beyond the stated threshold
    (``forecast.management.threshold``): unit, line, both views and the gap."""
    comparison = data.dataset(catalog.FORECAST_MANAGEMENT.name)
    if comparison.empty:
        return ()
    flagged = comparison[comparison["disagreement"].fillna(False).astype(bool)]
    points = []
    for _, row in flagged.iterrows():
        management = (
            euros(row["management_amount"])
            if pd.notna(row["management_amount"])
            else str(row["management_direction"])
        )
        gap = (
            f", ero {euros(abs(row['difference_eur']))} (kynnys {euros(row['threshold_eur'])})"
            if pd.notna(row["difference_eur"])
            else ""
        )
        points.append(
            f"{data.unit_name(row['unit'])}, {row['line']}: malli {euros(row['model_forecast'])} "
            f"({row['model_direction']}), johdon arvio {management}{gap}"
        )
    return tuple(points)


# Finnish abbreviations whose full stop does not end a sentence ("n. 90 000 €", "esim. Rainion").
ABBREVIATIONS = frozenset({"esim", "n", "noin", "ns", "mm", "ks", "vrt", "yms", "jne", "milj"})
# A full stop, its space and the sentence's first letter or digit after it.
_SENTENCE_END = re.compile(r"\. (?=\S)")


def first_clause(text: str) -> str:
    """The reason up to its first colon or sentence end: what the item is, not the whole
    story. A full stop after a Finnish abbreviation or a day of the month ("31.12. kuluja")
    does not end it."""
    if ": " in text:
        return text.split(": ", 1)[0]
    for end in _SENTENCE_END.finditer(text):
        word = text[: end.start()].rsplit(" ", 1)[-1]
        if word.lower() not in ABBREVIATIONS and not word[-1:].isdigit():
            return text[: end.start()]
    return text.rstrip(".")


def goal_counts(data: ReportData, level: str) -> tuple[str, ...]:
    """``4 tavoitetta: toteutuu 3, toteutuu osittain 1, ei toteudu 0, ei tietoa 0`` for one
    level; rows of the form left empty (no goal, no metric) are not goals and not counted."""
    statuses = data.dataset(catalog.GOAL_STATUSES.name)
    if statuses.empty:
        return ()
    level_rows = statuses[statuses["level"] == level]
    if level_rows.empty:
        return ()
    goals = defined_goals(level_rows)
    counts = goals["status"].value_counts()
    parts = ", ".join(f"{s.lower()} {int(counts.get(s, 0))}" for s in GOAL_STATUSES)
    noun = "mittaria" if level == STRATEGIC else "tavoitetta"
    text = f"{len(goals)} {noun}: {parts}"
    empty = len(template_rows(level_rows))
    if empty:
        text += f" (tyhjiä lomakerivejä {empty} ei laskettu)"
    return (text,)


def survey_targets(data: ReportData) -> tuple[str, ...]:
    """Survey results that have a target: the share, its interval, the target and the verdict,
    and any baseline of the same measure."""
    shares = data.dataset(catalog.SURVEY_SHARES.name)
    if shares.empty:
        return ()
    targeted = shares[shares["reference_type"].isin((TARGET_BELOW, TARGET_ABOVE))]
    texts = []
    level = format_number(CONFIDENCE * 100, 0)
    for survey, measure in targeted[["survey", "measure"]].drop_duplicates().itertuples(False):
        # Every reference of the measure: its target and any baseline.
        first = shares[(shares["survey"] == survey) & (shares["measure"] == measure)]
        row = first.iloc[0]
        if row["suppressed"]:
            continue
        references = "; ".join(
            f"{ref['reference_type']} {format_percent(ref['reference_value'], 0)}: "
            f"{ref['judgement']}"
            for _, ref in first.iterrows()
        )
        texts.append(
            f"{survey}: {format_percent(row['share_pct'], 1)} {measure} "
            f"({int(row['count'])}/{int(row['respondents'])}, {level} %:n luottamusväli "
            f"{format_number(row['ci_low'], 1)}–{format_percent(row['ci_high'], 1)}); "
            f"{references}"
        )
    return tuple(texts)


def investments(data: ReportData) -> tuple[str, ...]:
    """How much of the investment budget is used, what is left and what the items' states
    mean for the rest of the year. The export prints the net line last: it is the total."""
    lines = data.dataset(catalog.INVESTMENTS.name)
    if lines.empty:
        return ()
    total = lines.iloc[-1]
    used = float(realisation_percent(lines["actual"], lines["budget"]).iloc[-1])
    left = float(remaining(lines["budget"], lines["actual"]).iloc[-1])
    text = (
        f"toteutunut {euros(total['actual'])} eli {format_percent(used, 1)} "
        f"talousarviosta ({euros(total['budget'])}); käyttämättä {euros(left)}"
    )
    realisation = data.dataset(catalog.BUDGET_REALISATION.name)
    elapsed = float(realisation["elapsed_pct"].iloc[0]) if not realisation.empty else None
    if elapsed is not None and used < elapsed:
        # Behind the time elapsed: say what the rest of the year has to carry.
        text += (
            f", vaikka vuodesta on kulunut {format_percent(elapsed, 0)}: "
            f"{format_percent(100 - used, 1)} määrärahasta käytetään loppuvuonna tai se jää "
            "käyttämättä"
        )
    texts = [text]
    items = data.dataset(catalog.INVESTMENT_ITEMS.name)
    if not items.empty:
        states = items.groupby("state", sort=False)
        texts.append(
            "kohteet: "
            + "; ".join(
                f"{state} {euros(part['reserved'].sum())} ({', '.join(part['item'])})"
                for state, part in states
            )
        )
    return tuple(texts)


def top_risks(data: ReportData) -> tuple[str, ...]:
    """The risks with the highest probability × significance; ties at the cut all shown."""
    risks = data.dataset(catalog.RISKS.name)
    if risks.empty:
        return ()
    score = risks["probability"] * risks["significance"]
    ranked = risks.assign(score=score).sort_values("score", ascending=False, kind="stable")
    cut = ranked["score"].iloc[min(TOP_RISKS, len(ranked)) - 1]
    return tuple(
        f"{row['risk']} (todennäköisyys {row['probability']} × merkittävyys "
        f"{row['significance']} = {row['score']})"
        for _, row in ranked[ranked["score"] >= cut].iterrows()
    )


def overspent_projects(data: ReportData) -> tuple[str, ...]:
    """Projects whose spending is above 100 % of their funding, highest first."""
    projects = data.dataset(catalog.PROJECT_DETAILS.name)
    if projects.empty:
        return ()
    over = projects[projects["spending_pct"].astype("Float64") > FULL_SPENDING_PCT]
    over = over.sort_values("spending_pct", ascending=False, kind="stable")
    return tuple(
        f"{row['project']} {_over_full(row['spending_pct'])}" for _, row in over.iterrows()
    )


def _over_full(pct: float) -> str:
    """One decimal, or two where one would print an overspent 100,04 % as "100,0 %"."""
    return format_percent(pct, 1 if round(pct, 1) > FULL_SPENDING_PCT else 2)
