"""A SYNTHETIC entity for the forecast's unit tests: a department of two service areas and a
five-line statement, small enough that every forecast can be added up on paper.

Lines: Tuotot (income) and Kulut (costs) are leaves, Kate = Tuotot + Kulut, Rahoitus is a
leaf below it and Tulos = Kate + Rahoitus (a subtotal of a subtotal).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.config import EntityConfig, Line, Unit

DEPARTMENT, AREA_A, AREA_B = "Toimiala", "Alue A", "Alue B"
INCOME, COST, NET, FINANCE, RESULT = "Tuotot", "Kulut", "Kate", "Rahoitus", "Tulos"

CONFIG = EntityConfig(
    slug="synteettinen",
    municipality="Synteettinen kunta",
    department=DEPARTMENT,
    report_titles={"default": "Osavuosikatsaus"},
    units=(
        Unit(DEPARTMENT, DEPARTMENT, "", True),
        Unit(AREA_A, AREA_A, "A", False),
        Unit(AREA_B, AREA_B, "B", False),
    ),
    lines=(
        Line(INCOME),
        Line(COST),
        Line(NET, (INCOME, COST)),
        Line(FINANCE),
        Line(RESULT, (NET, FINANCE)),
    ),
    summary_lines={},
    roles={"income": INCOME, "costs": COST, "net_margin": NET},
    key_figure_units={},
    reporting_periods=(),
    source=Path("synteettinen/entity.yml"),
)


def statement(values: dict[tuple[str, str], tuple], months: int, year: int = 2024):
    """A tidy statement from ``{(unit, line): (TP, TOT last year, TA, TOT)}``; ``None`` leaves
    a measure out (an export that does not print it)."""
    measures = ("tp", "tot_prior", "ta", "tot")
    rows = []
    for (unit, line), amounts in values.items():
        for measure, amount in zip(measures, amounts, strict=True):
            if amount is None:
                continue
            rows.append(
                {
                    "unit": unit,
                    "line": line,
                    "measure": measure,
                    "year": year if measure in ("ta", "tot") else year - 1,
                    "months": months if measure in ("tot", "tot_prior") else 12,
                    "amount": float(amount),
                }
            )
    return pd.DataFrame(rows)
