"""Riskienhallinta: the risk matrix and every risk with its control."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from helpers import catalog, charts
from helpers.report.formats import integer
from helpers.report.model import ReportData, Section, Table, make_table

ANCHOR, TITLE = "riskit", "Riskienhallinta"
LEVEL = "Riskitaso (T × M)"
COLUMNS = {
    "risk_class": "Riskiluokka",
    "probability": "Todennäköisyys",
    "significance": "Merkittävyys",
    "control": "Hallintakeino",
    "control_realisation": "Hallintakeinon toteutuminen",
}


@dataclass(frozen=True)
class Risks:
    template: ClassVar[str] = "risks.html.j2"
    matrix: charts.Chart
    risks: Table


def risk_section(data: ReportData) -> Section:
    risks = data.dataset(catalog.RISKS.name)
    if risks.empty:
        return Section(ANCHOR, TITLE, None)
    table = risks.set_index("risk")[list(COLUMNS)].rename(columns=COLUMNS)
    # The risk level the matrix is coloured by: probability × significance.
    table.insert(3, LEVEL, table["Todennäköisyys"] * table["Merkittävyys"])
    table.index.name = "Tunnistettu riski"
    matrix = (
        data.dataset(catalog.RISK_MATRIX.name)
        .pivot(index="significance", columns="probability", values="risks")
        .sort_index(ascending=False)
    )
    content = Risks(
        charts.risk_matrix_chart(matrix),
        make_table(
            table,
            {"Todennäköisyys": integer, "Merkittävyys": integer, LEVEL: integer},
            caption="Riskit ja niiden hallinta",
        ),
    )
    return Section(ANCHOR, TITLE, content)
