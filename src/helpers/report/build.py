"""The report's sections in the order of the printed report, and ``build_report``."""

from __future__ import annotations

from collections.abc import Callable

from helpers.report.appendix import appendix_part
from helpers.report.budget import budget_section, statements_appendix
from helpers.report.data_quality import data_quality_section, rounding_appendix
from helpers.report.forecast import forecast_lines_appendix, forecast_section
from helpers.report.goals import (
    council_section,
    goal_details_appendix,
    plan_section,
    strategic_section,
)
from helpers.report.investments import investment_section
from helpers.report.key_figures import key_figure_appendix, key_figure_section
from helpers.report.model import ReportData, Section
from helpers.report.projects import project_listing_appendix, project_section
from helpers.report.risks import risk_section
from helpers.report.section_store import builder_of
from helpers.report.services import services_section
from helpers.report.sources import sources_section
from helpers.report.summary import summary_section
from helpers.report.unit_texts import description_section, environment_section, priorities_section

Builder = Callable[[ReportData], Section]

# The main body, in the order of the printed report: goals, budget, investments, unit goals,
# key figures, ...
SECTION_BUILDERS: tuple[Builder, ...] = (
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
)

# Working material after the main body, linked from it (and in tables.xlsx).
APPENDIX_BUILDERS: tuple[Builder, ...] = (
    goal_details_appendix,
    statements_appendix,
    forecast_lines_appendix,
    key_figure_appendix,
    project_listing_appendix,
    rounding_appendix,
    sources_section,
)


def build_report(data: ReportData) -> list[Section]:
    """The main body, then ``Liitteet`` with every appendix the period has data for.

    Building has no side effects: the same data always give the same sections and tables;
    so a section whose datasets did not change since it was last built is read from the
    store (``section_store``).
    """
    build = builder_of(data)
    main = [build(builder) for builder in SECTION_BUILDERS]
    appendices = [
        s for s in (build(builder) for builder in APPENDIX_BUILDERS) if s.content is not None
    ]
    return [*main, appendix_part(appendices), *appendices]
