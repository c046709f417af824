"""The management report: one module per section, each returning data (tables, charts, key
numbers, sentences) that the Jinja templates in ``templates/report`` render.

``build_report`` gives the sections in the order of the printed report;
``templates.render_section`` renders one; ``workbook.write_workbook`` writes every table
they show to ``tables.xlsx`` (``model.report_tables``).
"""

from __future__ import annotations

from collections.abc import Callable

from helpers.report.budget import budget_section
from helpers.report.data_quality import data_quality_section
from helpers.report.forecast import forecast_section
from helpers.report.goals import council_section, plan_section, strategic_section
from helpers.report.investments import investment_section
from helpers.report.key_figures import key_figure_section
from helpers.report.model import ReportData, Section, report_tables
from helpers.report.projects import project_section
from helpers.report.risks import risk_section
from helpers.report.services import services_section
from helpers.report.sources import sources_section
from helpers.report.summary import summary_section
from helpers.report.unit_texts import description_section, environment_section, priorities_section

# The order of the printed report: goals, budget, investments, unit goals, key figures, ...
SECTION_BUILDERS: tuple[Callable[[ReportData], Section], ...] = (
    summary_section,
    strategic_section,
    council_section,
    description_section,
    environment_section,
    priorities_section,
    budget_section,
    forecast_section,
    investment_section,
    plan_section,
    key_figure_section,
    services_section,
    risk_section,
    project_section,
    data_quality_section,
    sources_section,
)


def build_report(data: ReportData) -> list[Section]:
    """All sections in the order of the source report, ending with data quality and sources.

    Building has no side effects: the same data always give the same sections and tables.
    """
    return [builder(data) for builder in SECTION_BUILDERS]


__all__ = ["SECTION_BUILDERS", "ReportData", "Section", "build_report", "report_tables"]
