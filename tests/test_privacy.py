"""Survey figures from fewer than 5 respondents in a cell are suppressed in every output."""

import datetime as dt

import openpyxl

from helpers.clean import build_processed
from helpers.indicators import indicator_tables
from helpers.report import ReportData, build_report, report_tables
from helpers.report.templates import render_section
from helpers.report.workbook import write_workbook
from helpers.surveys import MIN_CELL, SUPPRESSED, survey_shares

# SYNTHETIC survey row: 3 of 41 pupils (7,3 %) is a cell of three people.
SMALL = "Pienkysely;8.-luokkalaiset;kevät 2024;on ollut poissa koulusta;41;3;7,3;;;;;\n"


def test_small_cells_are_suppressed_in_report_and_workbook(raw_copy, tmp_path):
    path = raw_copy / "heinola" / "kyselyt.csv"
    path.write_text(path.read_text(encoding="utf-8") + SMALL, encoding="utf-8")
    config, tables = build_processed(raw_copy, "heinola", "2024-06-30")
    tables.update(indicator_tables(tables, config, 2024))
    shares = tables["survey_shares"].set_index("survey")
    small = shares.loc["Pienkysely"]
    assert bool(small["suppressed"]) and small["judgement"] == SUPPRESSED
    assert small[["count", "share_pct", "printed_pct", "ci_low", "ci_high"]].isna().all()
    assert not shares.loc["Harrastemallikysely", "suppressed"].any()  # 146 of 660 is shown

    sections = build_report(ReportData(config, dt.date(2024, 6, 30), tables))
    html = "".join(render_section(section) for section in sections)
    row = html[html.index("Pienkysely") :]
    row = row[: row.index("</tr>")]
    assert "7,3" not in row and ">3<" not in row and "tieto suojattu" in row
    assert f"alle {MIN_CELL} vastaajaa" in html

    workbook_path = tmp_path / "tables.xlsx"
    write_workbook(report_tables(sections), workbook_path, stamp="2024-06-30")
    sheet = next(
        ws
        for ws in openpyxl.load_workbook(workbook_path).worksheets
        if any("Pienkysely" in str(c.value) for row in ws.iter_rows() for c in row)
    )
    cells = next(
        [c.value for c in row] for row in sheet.iter_rows() if "Pienkysely" in str(row[0].value)
    )
    assert 3 not in cells and 7.3 not in cells and SUPPRESSED in cells


def test_complement_cells_are_suppressed_too():
    import pandas as pd

    surveys = pd.DataFrame(
        [
            {  # SYNTHETIC: 38 of 40 means only 2 answered otherwise
                "survey": "S",
                "measure": "m",
                "respondents": 40,
                "count": 38,
                "share_pct": 95.0,
                "reference_value": None,
                "reference_type": None,
            }
        ]
    )
    assert survey_shares(surveys)["suppressed"].iloc[0]
