"""Survey figures from fewer than 5 respondents in a cell are suppressed in every output."""

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest

from helpers.clean import build_processed
from helpers.indicators import indicator_tables
from helpers.report import ReportData, build_report, report_tables
from helpers.report.templates import render_section
from helpers.report.workbook import write_workbook
from helpers.surveys import MIN_CELL, SUPPRESSED, suppress_small_groups, survey_shares

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


# SYNTHETIC: a cell of 3 of 41 whose printed share (9,9) disagrees with 3 / 41 = 7,3 %, and an
# average of a group of 3 respondents. Neither the share nor the average may appear anywhere.
MISPRINTED_SMALL = "Pienkysely;8.-luokkalaiset;kevät 2024;on ollut poissa;41;3;9,9;;;;;\n"
SMALL_AVERAGE = "Tiimikysely;tiimi;kevät 2024;esimiestyön keskiarvo;3;;;4,67;1–5;3,8;tavoite yli;\n"


def _row(html: str, label: str) -> str:
    row = html[html.index(label) :]
    return row[: row.index("</tr>")]


def test_a_misprinted_small_cell_does_not_leak_through_the_audit(raw_copy, tmp_path):
    from helpers.clean import write_processed
    from helpers.report.data_quality import data_quality_section

    path = raw_copy / "heinola" / "kyselyt.csv"
    path.write_text(path.read_text(encoding="utf-8") + MISPRINTED_SMALL, encoding="utf-8")
    config, tables = build_processed(raw_copy, "heinola", "2024-06-30")

    surveys = tables["surveys"].set_index("survey")
    assert surveys.loc["Pienkysely", ["count", "share_pct"]].isna().all()
    assert bool(surveys.loc["Pienkysely", "suppressed"])
    assert not surveys.loc["Harrastemallikysely", "suppressed"].any()

    audit = tables["audit"]
    small = audit[audit["item"].str.startswith("Pienkysely")]
    assert len(small) == 1
    assert small[["printed", "recomputed", "difference"]].isna().all(axis=None)
    assert SUPPRESSED in small["note"].iloc[0]
    # The 146 of 660 cell is large enough: its check is shown with its numbers.
    large = audit[audit["item"].str.startswith("Harrastemallikysely")]
    assert large["printed"].tolist() == [22.0]

    data = ReportData(config, dt.date(2024, 6, 30), {**tables})
    row = _row(render_section(data_quality_section(data)), "Pienkysely")
    assert "9,9" not in row and "7,3" not in row and ">3<" not in row

    target = write_processed(tables, tmp_path / "processed", "heinola", "2024-06-30")
    audit_csv = (target / "audit.csv").read_text(encoding="utf-8")
    line = next(ln for ln in audit_csv.splitlines() if ln.startswith("kyselyt.csv;Pienkysely"))
    assert "9,9" not in line and "7,3" not in line


def test_an_average_of_fewer_than_five_respondents_is_suppressed(raw_copy, tmp_path):
    path = raw_copy / "heinola" / "kyselyt.csv"
    path.write_text(path.read_text(encoding="utf-8") + SMALL_AVERAGE, encoding="utf-8")
    config, tables = build_processed(raw_copy, "heinola", "2024-06-30")
    surveys = tables["surveys"].set_index("survey")
    assert pd.isna(surveys.loc["Tiimikysely", "value"])
    assert bool(surveys.loc["Tiimikysely", "suppressed"])
    # An average whose respondents are not printed (KEVA 4,22) cannot be judged and is shown.
    assert surveys.loc["KEVA-kysely", "value"] == 4.22
    assert not bool(surveys.loc["KEVA-kysely", "suppressed"])

    tables.update(indicator_tables(tables, config, 2024))
    sections = build_report(ReportData(config, dt.date(2024, 6, 30), tables))
    html = "".join(render_section(section) for section in sections)
    assert "4,67" not in html
    workbook_path = tmp_path / "tables.xlsx"
    write_workbook(report_tables(sections), workbook_path, stamp="2024-06-30")
    values = {
        cell.value
        for sheet in openpyxl.load_workbook(workbook_path).worksheets
        for row in sheet.iter_rows()
        for cell in row
    }
    assert 4.67 not in values and "4,67" not in values


@pytest.mark.parametrize(
    ("respondents", "count", "share", "value", "suppressed"),
    [
        (41, 3, 7.3, None, True),  # a cell of 3
        (40, 38, 95.0, None, True),  # its complement is 2
        (247, None, 1.0, None, True),  # derived cell: round(1 % × 247) = 2
        (247, None, 2.0, None, False),  # round(2 % × 247) = 5, complement 242
        (20, 5, 25.0, None, False),  # 5 and 15: both cells large enough
        (3, None, None, 4.67, True),  # an average of 3 respondents
        (5, None, None, 4.67, False),  # an average of 5
        (None, None, None, 4.22, False),  # respondents not printed: nothing to judge
        (None, None, 14.0, None, False),
    ],
)
def test_which_survey_figures_are_suppressed(respondents, count, share, value, suppressed):
    surveys = pd.DataFrame(
        {
            "respondents": pd.array([respondents], dtype="Int64"),
            "count": pd.array([count], dtype="Int64"),
            "share_pct": pd.array([share], dtype="Float64"),
            "value": pd.array([value], dtype="Float64"),
        }
    )
    out = suppress_small_groups(surveys)
    assert bool(out["suppressed"].iloc[0]) is suppressed
    if suppressed:
        assert out[["count", "share_pct", "value"]].isna().all(axis=None)
    else:
        pd.testing.assert_frame_equal(out.drop(columns="suppressed"), surveys)


def _near_labels(text: str, labels: tuple[str, ...]) -> list[str]:
    """The stretch of an output right after each label: one table row or one text line."""
    stretches = []
    for label in labels:
        for start in (m.start() for m in re.finditer(label, text)):
            stretch = text[start : start + 2000]
            ends = [i for i in (stretch.find("</tr>"), stretch.find("\\n")) if i > 0]
            stretches.append(stretch[: min(ends, default=600)])
    return stretches


@pytest.mark.slow
def test_no_output_of_a_whole_run_shows_a_suppressed_figure(raw_copy, tmp_path):
    """index.html, tables.xlsx, audit.csv, the processed tables and the executed notebooks."""
    from helpers.config import PROJECT_ROOT, Paths
    from helpers.runner import run_period

    path = raw_copy / "heinola" / "kyselyt.csv"
    text = path.read_text(encoding="utf-8") + MISPRINTED_SMALL + SMALL_AVERAGE
    path.write_text(text, encoding="utf-8")
    paths = Paths(
        raw=raw_copy,
        processed=tmp_path / "processed",
        reports=tmp_path / "reports",
        notebooks=PROJECT_ROOT / "notebooks",
    )
    assert run_period("heinola", "2024-06-30", paths, log=lambda _: None).status == "ok"
    labels, hidden = ("Pienkysely", "Tiimikysely"), ("9,9", "9.9", "7,3", "7.31", "4,67", "4.67")
    written = [*paths.processed.rglob("*"), *paths.reports.rglob("*")]
    outputs = [p for p in written if p.suffix in (".html", ".ipynb", ".csv")]
    assert {p.name for p in outputs} >= {"index.html", "audit.csv", "10_clean.ipynb"}
    for output in outputs:
        for stretch in _near_labels(output.read_text(encoding="utf-8"), labels):
            assert not [v for v in hidden if v in stretch], (output.name, stretch)
    for output in (p for p in written if p.suffix == ".xlsx"):
        for sheet in openpyxl.load_workbook(output).worksheets:
            for row in sheet.iter_rows(values_only=True):
                if any(isinstance(v, str) and v.startswith(labels) for v in row):
                    assert not {9.9, 4.67, 3 / 41 * 100} & set(row), (sheet.title, row)
    surveys = pd.read_parquet(tmp_path / "processed/heinola/2024-06-30/surveys.parquet")
    small = surveys[surveys["survey"].isin(labels)]
    assert small["suppressed"].all()
    assert small[["count", "share_pct", "value"]].isna().all(axis=None)
