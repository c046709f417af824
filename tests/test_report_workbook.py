"""``tables.xlsx`` (``helpers.report.workbook``): one sheet per report table, numbers as
numbers, every text as text (never a live formula), the same bytes for the same tables."""

import openpyxl
import pandas as pd
from report_data import embedded_sections, report_data

from helpers.report import report_tables
from helpers.report.projects import project_section
from helpers.report.workbook import sheet_names, write_workbook

INJECTED = '=HYPERLINK("http://x","Klikkaa")'


def test_sheet_names_are_numbered_short_and_allowed():
    names = sheet_names(["Hankkeet: rahoittaja", "a/b*c?[d]", "x" * 40])
    assert names == ["01 Hankkeet rahoittaja", "02 a b c d", "03 " + "x" * 28]


def test_a_project_name_that_looks_like_a_formula_stays_text(raw_copy, tmp_path):
    path = raw_copy / "heinola" / "2024-06-30" / "hankkeet.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Lukutaitoa tulevaisuuteen", INJECTED, 1), encoding="utf-8")
    section = project_section(report_data(raw_copy, "2024-06-30"))
    extra = pd.DataFrame({"Teksti": ["+1+2", "-3", "@SUM(A1)"]}, index=["a", "b", "c"])
    target = tmp_path / "tables.xlsx"
    write_workbook([*report_tables([section]), ("=1+1", extra)], target, stamp="2024-06-30")

    workbook = openpyxl.load_workbook(target)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    injected = [c for c in cells if c.value == INJECTED]
    assert len(injected) == 1 and injected[0].data_type == "s"
    texts = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    for value in ("+1+2", "-3", "@SUM(A1)", "=1+1"):
        assert texts[value] == "s", value


def test_numbers_stay_numbers_and_the_bytes_repeat(tmp_path):
    tables = report_tables([embedded_sections()["talous"]])
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(tables, first, stamp="2024-06-30")
    write_workbook(tables, second, stamp="2024-06-30")
    assert first.read_bytes() == second.read_bytes()
    sheet = openpyxl.load_workbook(first).worksheets[0]
    assert sheet["A1"].value.startswith("Toimintakatteen toteutuminen 30.6.2024")
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert -29_922_850 in values and -15_134_455 in values  # the source report's TA and TOT
