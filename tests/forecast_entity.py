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


# SYNTHETIC statement at 30.6.2024: (TP 2023, TOT 2023 6 kk, TA 2024, TOT 2024 6 kk).
# The department prints its areas' sums plus 6 € of rounding in Tuotot and an own amount
# of its own in Kulut (TP -200, TOT 2023 -100, TA -200, TOT -120).
MID_YEAR = {
    (AREA_A, INCOME): (1_000, 400, 1_000, 450),
    (AREA_A, COST): (-2_000, -1_000, -2_200, -1_200),
    (AREA_A, NET): (-1_000, -600, -1_200, -750),
    (AREA_A, FINANCE): (-10, -5, 0, -6),
    (AREA_A, RESULT): (-1_010, -605, -1_200, -756),
    (AREA_B, COST): (-1_000, -500, -1_000, 0),
    (AREA_B, NET): (-1_000, -500, -1_000, 0),
    (DEPARTMENT, INCOME): (1_000, 400, 1_000, 456),
    (DEPARTMENT, COST): (-3_200, -1_600, -3_400, -1_320),
    (DEPARTMENT, NET): (-2_200, -1_200, -2_400, -864),
    (DEPARTMENT, FINANCE): (-10, -5, 0, -6),
}
