"""The management report: one module per section, each returning data (tables, charts, key
numbers, sentences) that the Jinja templates in ``templates/report`` render.

``build_report`` gives the main body in the order of the printed report, then the part
``Liitteet`` and its appendices (working material); ``templates.render_section`` renders one
section; ``workbook.write_workbook`` writes every table they show to ``tables.xlsx``
(``model.report_tables``). A new chapter is one builder in ``SECTION_BUILDERS``; a new
appendix one in ``APPENDIX_BUILDERS`` (its ``Section`` has ``appendix=True``), both in
``build``.

Importing the package is light: the names below load their module on first use, so a process
that needs one module (the runner's page title needs ``templates`` alone) does not import
every section builder and with them matplotlib, seaborn and scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names' real homes, for readers and type checkers
    from helpers.report.build import APPENDIX_BUILDERS, SECTION_BUILDERS, build_report
    from helpers.report.model import ReportData, Section, report_tables

_HOMES = {
    "APPENDIX_BUILDERS": "helpers.report.build",
    "SECTION_BUILDERS": "helpers.report.build",
    "build_report": "helpers.report.build",
    "ReportData": "helpers.report.model",
    "Section": "helpers.report.model",
    "report_tables": "helpers.report.model",
}


def __getattr__(name: str):
    """Load an exported name's module on first use (PEP 562). Any other name is not an
    attribute, so ``from helpers.report import provenance`` imports the submodule."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "APPENDIX_BUILDERS",
    "SECTION_BUILDERS",
    "ReportData",
    "Section",
    "build_report",
    "report_tables",
]
