"""The income statement against the numbers printed in the source report."""

import pandas as pd
import pytest
from conftest import PERIOD, STATEMENT_CSV

from helpers.errors import InputDataError
from helpers.income_statement import (
    read_income_statement,
    recompute_subtotals,
    statement_table,
)

DEPARTMENT = "Hyvinvointilautakunnan toimiala"


@pytest.fixture(scope="module")
def statement(heinola):
    tidy, _ = read_income_statement(STATEMENT_CSV, heinola, PERIOD)
    return recompute_subtotals(tidy, heinola)


def test_department_table_reproduces_the_printed_statement(statement, heinola):
    table = statement_table(statement, heinola, DEPARTMENT)
    assert list(table.columns) == [
        "TP 2023",
        "TOT 2023 6 kk",
        "TA 2024 +muutos",
        "TOT 2024 6 kk",
        "Jäljellä",
        "TOT-24 %",
    ]
    assert len(table) == 16
    # Printed on the department's TULOSLASKELMA, NETTOSITOVUUS page.
    assert table.loc["Toimintakate", "TOT 2024 6 kk"] == -15_134_455
    assert table.loc["Toimintakate", "Jäljellä"] == -14_788_395
    assert round(table.loc["Toimintakate", "TOT-24 %"], 2) == 50.58
    assert table.loc["Tuet ja avustukset", "Jäljellä"] == 878_636
    assert round(table.loc["Tuet ja avustukset", "TOT-24 %"], 2) == 30.07
    assert table.loc["Henkilöstökulut", "TA 2024 +muutos"] == -19_327_000
    assert round(table.loc["Tilikauden tulos", "TOT-24 %"], 2) == 50.62


def test_recomputed_remaining_and_percent_equal_the_printed_columns(heinola):
    tidy, printed = read_income_statement(STATEMENT_CSV, heinola, PERIOD)
    statement = recompute_subtotals(tidy, heinola)
    for unit in printed["unit"].unique():
        table = statement_table(statement, heinola, unit)
        expected = printed[printed["unit"] == unit].set_index("line")
        diff_remaining = (
            table.loc[expected.index, "Jäljellä"] - expected["remaining_printed"]
        ).abs()
        assert diff_remaining.max() <= 2, unit  # whole-euro rounding of the source system
        percent = table.loc[expected.index, "TOT-24 %"].round(2)
        defined = percent.notna()
        assert (percent[defined] - expected.loc[defined, "percent_printed"]).abs().max() <= 0.011
        # A zero budget prints 0,00; the suite leaves the percentage undefined.
        assert (expected.loc[~defined, "percent_printed"] == 0).all()


def test_service_area_sample_lines_to_the_euro(statement, heinola):
    vaka = statement_table(statement, heinola, "Varhaiskasvatus")
    assert vaka.loc["Toimintakate", "TA 2024 +muutos"] == -7_913_900
    assert vaka.loc["Tilikauden tulos", "TOT 2024 6 kk"] == -3_985_803
    opkou = statement_table(statement, heinola, "Opetus- ja koulutuspalvelut")
    assert opkou.loc["Tuet ja avustukset", "Jäljellä"] == 557_746
    hyte = statement_table(statement, heinola, "Hyvinvoinnin ja terveyden edistäminen")
    assert round(hyte.loc["Myyntituotot", "TOT-24 %"], 2) == 319.05
    # The printed HYTE statement stops at Toimintakate; the suite adds the later subtotals.
    assert hyte.loc["Vuosikate", "TOT 2024 6 kk"] == -274_886


def test_a_file_for_another_period_is_rejected(heinola):
    with pytest.raises(InputDataError, match=r"column 'TOT 2024 6 kk': the file covers 6 months"):
        read_income_statement(STATEMENT_CSV, heinola, pd.Timestamp("2024-03-31").date())


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "Varhaiskasvatus;Maksutuotot",
            "Varhaiskasvatukset;Maksutuotot",
            r"row 45, column 'Yksikkö': unknown unit 'Varhaiskasvatukset'",
        ),
        (
            "Varhaiskasvatus;Maksutuotot",
            "Varhaiskasvatus;Maksutuotto",
            r"row 45, column 'Rivi': unknown income-statement line 'Maksutuotto'",
        ),
        (
            "Varhaiskasvatus;Maksutuotot",
            "Varhaiskasvatus;Myyntituotot",
            r"row 45, column 'Rivi': duplicate row: .*Rivi 'Myyntituotot' is already on row 44",
        ),
        ("293 844", "293.844", r"row 45, column 'TP 2023': not a Finnish number"),
        ("TOT 2023 6 kk", "TOT 2022 6 kk", r"row 1, column 'TOT 2024 6 kk': the columns do not"),
        (";Jäljellä;", ";Jäljellä yht;", r"row 1, column 'Jäljellä yht': unknown column"),
    ],
)
def test_corrupted_statement_names_file_row_and_column(tmp_path, heinola, old, new, message):
    path = tmp_path / "tuloslaskelma.csv"
    path.write_text(STATEMENT_CSV.read_text().replace(old, new, 1))
    with pytest.raises(InputDataError, match=r"tuloslaskelma\.csv, " + message):
        read_income_statement(path, heinola, PERIOD)


def test_missing_amount_is_an_error(tmp_path, heinola):
    path = tmp_path / "tuloslaskelma.csv"
    path.write_text(STATEMENT_CSV.read_text().replace(";420 596;", ";;", 1))
    with pytest.raises(InputDataError, match=r"row 3, column 'TOT 2024 6 kk': value is missing"):
        read_income_statement(path, heinola, PERIOD)


def test_xlsx_export_gives_the_same_statement(tmp_path, heinola, statement):
    frame = pd.read_csv(STATEMENT_CSV, sep=";", dtype=str)
    path = tmp_path / "tuloslaskelma.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame([["Hyvinvointilautakunta – tuloslaskelma"]]).to_excel(
            writer, header=False, index=False
        )
        frame.to_excel(writer, startrow=2, index=False)
    tidy, _ = read_income_statement(path, heinola, PERIOD)
    pd.testing.assert_frame_equal(recompute_subtotals(tidy, heinola), statement)
