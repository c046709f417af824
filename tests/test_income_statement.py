"""The income statement against the numbers printed in the source report, and other
exports' headers, signs and missing measures against hand-computed values."""

import dataclasses
import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest
from conftest import PERIOD, STATEMENT_CSV

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.income_statement import (
    check_complete,
    identify_columns,
    plain_texts,
    read_income_statement,
    realisation_percent,
    recompute_subtotals,
    remaining,
    statement_passes,
    statement_table,
)
from helpers.schemas import raw_statement_schema

DEPARTMENT = "Hyvinvointilautakunnan toimiala"
# The header row of the real export (and of the small statements written out below).
HEADER = "Yksikkö;Rivi;TP 2023;TOT 2023 6 kk;TA 2024 +muutos;TOT 2024 6 kk;Jäljellä;TOT-24 %"
HEADERS = HEADER.split(";")


@pytest.fixture(scope="module")
def statement(heinola):
    tidy, _ = read_income_statement(STATEMENT_CSV, heinola, PERIOD)
    return recompute_subtotals(tidy, heinola)


def test_department_table_reproduces_the_printed_statement(statement, heinola):
    table = statement_table(statement, heinola, DEPARTMENT)
    assert list(table.columns) == HEADERS[2:]  # the export's own headers, in its order
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
    message = (
        rf"^file {STATEMENT_CSV}, row 1, column 'TOT 2024 6 kk': the file covers 6 months of "
        r"2024, but the period asked for ends 2024-03-31$"
    )
    with pytest.raises(InputDataError, match=message):
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
        ("290 592", "290.592", r"row 2, column 'Jäljellä': not a Finnish number"),
        ("TOT 2023 6 kk", "TOT 2022 6 kk", r"row 1, column 'TOT 2024 6 kk': the columns do not"),
        (";Jäljellä;", ";Jäljellä yht;", r"row 1, column 'Jäljellä yht': unknown column"),
        (";420 596;", ";;", r"row 3, column 'TOT 2024 6 kk': value is missing"),
        # Row 3 prints Jäljellä 308 204 and TOT 420 596, from which TA 728 800 could be
        # rebuilt; a blank in a printed column is still a missing value, named where it is.
        (";728 800;", ";;", r"row 3, column 'TA 2024 \+muutos': value is missing"),
    ],
)
def test_corrupted_statement_names_file_row_and_column(tmp_path, heinola, old, new, message):
    path = tmp_path / "tuloslaskelma.csv"
    path.write_text(STATEMENT_CSV.read_text().replace(old, new, 1))
    with pytest.raises(InputDataError, match=r"tuloslaskelma\.csv, " + message):
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


# --- Small statements written out by hand ----------------------------------------------------


def write_statement(tmp_path, rows, header=HEADER):
    path = tmp_path / "tuloslaskelma.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def read_rows(tmp_path, config, rows, header=HEADER, **options):
    """``read_income_statement`` of an export of ``rows`` under ``header`` for 30.6.2024."""
    return read_income_statement(write_statement(tmp_path, rows, header), config, PERIOD, **options)


# An export printing only the actual, Jäljellä and the change from last year ("Muutos").
ACTUAL_AND_DERIVED = "Yksikkö;Rivi;TOT 2024 6 kk;Jäljellä;Muutos"


def with_change(config):
    """``config`` reading a column "Muutos" as the printed change from last year."""
    return dataclasses.replace(config, header_aliases={"change": ("Muutos",)})


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            ["TP 2023", "TOT 2023 6 kk", "TA 2024", "TOT 2024 6 kk", "Summa"],
            r"column 'Summa': unknown column",
        ),
        (
            ["TP 2022", "TOT 2023 6 kk", "TA 2024", "TOT 2024 6 kk"],
            r"column 'TOT 2024 6 kk': the columns do not describe one period",
        ),
        (
            ["TP 2023", "TOT 2023 6 kk", "TA 2025", "TOT 2024 6 kk"],
            r"column 'TOT 2024 6 kk': the columns do not describe one period",
        ),
        (
            ["TP 2023", "TOT 2023 5 kk", "TA 2024", "TOT 2024 6 kk"],
            r"column 'TOT 2024 6 kk': the columns do not describe one period",
        ),
        (
            ["TP 2022", "TOT 2022 6 kk", "TA 2024", "TOT 2024 6 kk"],
            r"column 'TOT 2024 6 kk': the columns do not describe one period",
        ),
    ],
)
def test_identify_columns_rejects_headers_of_no_single_period(headers, message):
    with pytest.raises(InputDataError, match=r"^file t\.csv, row 1, " + message):
        identify_columns(["Yksikkö", "Rivi", *headers], Path("t.csv"))


def test_tidy_statement_carries_year_and_months_of_every_measure(tmp_path, heinola):
    # Two of Varhaiskasvatus' printed rows, listed out of print order.
    rows = [
        "Varhaiskasvatus;Maksutuotot;293 844;177 888;260 000;155 650;104 350;59,87",
        "Varhaiskasvatus;Myyntituotot;141 482;56 962;0;13 280;-13 280;0,00",
    ]
    tidy, printed = read_rows(tmp_path, heinola, rows)
    assert list(tidy.columns[:6]) == ["unit", "line", "measure", "year", "months", "amount"]
    records = list(tidy.iloc[:, :6].itertuples(index=False, name=None))
    assert records == [
        ("Varhaiskasvatus", "Myyntituotot", "tp", 2023, 12, 141_482.0),
        ("Varhaiskasvatus", "Myyntituotot", "tot_prior", 2023, 6, 56_962.0),
        ("Varhaiskasvatus", "Myyntituotot", "ta", 2024, 12, 0.0),
        ("Varhaiskasvatus", "Myyntituotot", "tot", 2024, 6, 13_280.0),
        ("Varhaiskasvatus", "Maksutuotot", "tp", 2023, 12, 293_844.0),
        ("Varhaiskasvatus", "Maksutuotot", "tot_prior", 2023, 6, 177_888.0),
        ("Varhaiskasvatus", "Maksutuotot", "ta", 2024, 12, 260_000.0),
        ("Varhaiskasvatus", "Maksutuotot", "tot", 2024, 6, 155_650.0),
    ]
    assert tidy["amount"].dtype == "float64"
    assert tidy["header"].tolist() == [*HEADERS[2:6]] * 2 and set(tidy["origin"]) == {"printed"}
    printed = printed.set_index("line")
    assert printed.loc["Maksutuotot", "remaining_printed"] == 104_350
    assert printed.loc["Myyntituotot", "percent_printed"] == 0
    assert printed.loc["Maksutuotot", "row"] == 2 and printed.loc["Myyntituotot", "row"] == 3


def test_units_are_ordered_as_in_the_config(tmp_path, heinola):
    rows = [
        "Varhaiskasvatus;Myyntituotot;1;1;1;1;0;100,00",
        "Hyvinvointilautakunnan toimiala;Myyntituotot;2;2;2;2;0;100,00",
    ]
    tidy, _ = read_rows(tmp_path, heinola, rows)
    assert list(tidy["unit"].unique()) == ["Hyvinvointilautakunnan toimiala", "Varhaiskasvatus"]


def test_a_statement_without_the_printed_columns_is_read(tmp_path, heinola):
    row = "Varhaiskasvatus;Maksutuotot;293 844;177 888;260 000;155 650"
    tidy, printed = read_rows(tmp_path, heinola, [row], header=";".join(HEADERS[:6]))
    assert tidy.set_index("measure").loc["tot", "amount"] == 155_650
    assert printed["remaining_printed"].isna().all() and printed["percent_printed"].isna().all()
    assert printed["remaining_printed"].dtype == "float64"  # as when the columns are printed


def test_the_summary_reads_its_own_lines(tmp_path, heinola):
    summary = ["TULOT", "MENOT", "NETTO"]
    income = "Hyvinvointilautakunnan toimiala;TULOT;3 015 961;1 445 332;2 688 600;1 196 238;;"
    with pytest.raises(InputDataError, match="unknown income-statement line 'TULOT'"):
        read_rows(tmp_path, heinola, [income])
    tidy, _ = read_rows(tmp_path, heinola, [income], lines=summary)
    assert tidy.set_index("measure").loc["ta", "amount"] == 2_688_600
    # Printed out of order, the summary's rows come back in the order of its own lines.
    rows = [
        "Hyvinvointilautakunnan toimiala;NETTO;-30 263 140;-15 822 824;-29 922 850;-15 134 455;;",
        income,
        "Hyvinvointilautakunnan toimiala;MENOT;-33 279 100;-17 268 156;-32 611 450;-16 330 693;;",
    ]
    tidy, _ = read_rows(tmp_path, heinola, rows, lines=summary)
    assert list(tidy["line"].unique()) == summary


VAKA_REVENUE = [
    # Varhaiskasvatus' four income lines and its printed Toimintatuotot (TOT 2024 6 kk).
    ("Myyntituotot", 13_280),
    ("Maksutuotot", 155_650),
    ("Tuet ja avustukset", 92_671),
    ("Muut toimintatuotot", 4_665),
]


def tidy_rows(unit, lines):
    return pd.DataFrame(
        [(unit, line, "tot", 2024, 6, float(amount)) for line, amount in lines],
        columns=["unit", "line", "measure", "year", "months", "amount"],
    )


@pytest.mark.parametrize(
    ("printed_total", "kept"),
    [
        (266_266, 266_266),  # as printed: the four lines add up to exactly this
        (266_269, 266_269),  # 3 € over: within the rounding tolerance, the print is kept
        (266_263, 266_263),  # 3 € under: kept as well
        (266_270, 266_266),  # 4 € over: beyond it, the sum of the lines replaces the print
        (266_262, 266_266),  # 4 € under: replaced as well
    ],
)
def test_a_subtotal_is_kept_within_the_tolerance_and_replaced_beyond(heinola, printed_total, kept):
    tidy = tidy_rows("Varhaiskasvatus", [*VAKA_REVENUE, ("Toimintatuotot", printed_total)])
    out = recompute_subtotals(tidy, heinola).set_index("line")["amount"]
    assert out["Toimintatuotot"] == kept
    assert out["Maksutuotot"] == 155_650


def test_every_unit_gets_every_subtotal_and_missing_lines_count_as_zero(heinola):
    # The department prints every line that is not a subtotal; Varhaiskasvatus only two of
    # them and no subtotal at all: its subtotals are built from them, the rest counting zero.
    parts = [line.name for line in heinola.lines if not line.is_subtotal]
    department = tidy_rows(DEPARTMENT, [(line, 1) for line in parts])
    vaka = tidy_rows("Varhaiskasvatus", [("Myyntituotot", 100), ("Henkilöstökulut", -250)])
    both = recompute_subtotals(pd.concat([department, vaka]), heinola)
    out = both[both["unit"] == "Varhaiskasvatus"].set_index("line")["amount"]
    assert out["Toimintatuotot"] == 100
    assert out["Toimintakulut"] == -250
    assert out["Toimintakate"] == -150
    assert out["Vuosikate"] == -150 and out["Tilikauden tulos"] == -150
    # Lines the unit did not print are not invented, only subtotals are.
    assert "Maksutuotot" not in out.index and "Poistot ja arvonalentumiset" not in out.index
    assert list(out.index) == [
        "Myyntituotot",
        "Toimintatuotot",
        "Henkilöstökulut",
        "Toimintakulut",
        "Toimintakate",
        "Vuosikate",
        "Tilikauden tulos",
    ]
    assert set(both.loc[both["line"] == "Toimintakate", "origin"]) == {"computed"}
    # The department's own: four income lines of 1 €, five cost lines of 1 €, and so on.
    department_out = both[both["unit"] == DEPARTMENT].set_index("line")["amount"]
    assert department_out["Toimintatuotot"] == 4 and department_out["Toimintakulut"] == 5
    assert department_out["Toimintakate"] == 9 and department_out["Tilikauden tulos"] == 11


def test_a_line_no_unit_prints_leaves_its_subtotals_unknown(heinola):
    # Only two lines in the whole export: the other parts are not in it, so no subtotal
    # can be built (a toimintakate-only note is not a statement of zeros).
    tidy = tidy_rows("Varhaiskasvatus", [("Myyntituotot", 100), ("Henkilöstökulut", -250)])
    out = recompute_subtotals(tidy, heinola)
    assert out["line"].tolist() == ["Myyntituotot", "Henkilöstökulut"]


def test_remaining_and_realisation_percent_of_printed_lines():
    # Department, TA 2024 and TOT 2024 6 kk as printed: Myyntituotot, Henkilöstökulut.
    budget = pd.Series([620_000.0, -19_327_000.0, 0.0])
    actual = pd.Series([329_408.0, -9_858_576.0, 13_280.0])
    assert remaining(budget, actual).tolist() == [290_592.0, -9_468_424.0, -13_280.0]
    percent = realisation_percent(actual, budget)
    assert round(percent[0], 2) == 53.13 and round(percent[1], 2) == 51.01
    assert math.isnan(percent[2])  # no budget: undefined, not infinite


def test_statement_table_of_a_small_unit(heinola):
    tidy = pd.DataFrame(
        [
            ("Varhaiskasvatus", "Maksutuotot", "tp", 2023, 12, 293_844.0),
            ("Varhaiskasvatus", "Maksutuotot", "tot_prior", 2023, 6, 177_888.0),
            ("Varhaiskasvatus", "Maksutuotot", "ta", 2024, 12, 260_000.0),
            ("Varhaiskasvatus", "Maksutuotot", "tot", 2024, 6, 155_650.0),
        ],
        columns=["unit", "line", "measure", "year", "months", "amount"],
    )
    table = statement_table(tidy, heinola, "Varhaiskasvatus")
    assert table.index.name == "Selite" and list(table.index) == ["Maksutuotot"]
    assert table.columns.name is None
    row = table.loc["Maksutuotot"]
    assert row.to_dict() == pytest.approx(
        {
            "TP 2023": 293_844,
            "TOT 2023 6 kk": 177_888,
            "TA 2024": 260_000,  # no printed header given: the suite's own label
            "TOT 2024 6 kk": 155_650,
            "Jäljellä": 104_350,  # printed
            "TOT-24 %": 155_650 / 260_000 * 100,  # printed 59,87
        }
    )
    with pytest.raises(KeyError, match="no income statement for unit 'HYTE'"):
        statement_table(tidy, heinola, "HYTE")


# --- Other exports: headers, signs, missing measures ----------------------------------------

AUGUST = dt.date(2024, 8, 31)
ALIASES = {"tot": ("TOT 1-{months}kk",), "tot_prior": ("EDV 1-{months}kk",), "percent": ("M %",)}


@pytest.mark.parametrize(
    ("headers", "aliases", "period", "expected", "span"),
    [
        # The current year's actual printed before last year's: the years decide, not the
        # order.
        (
            ["_row", "Yksikkö", "Rivi", "TOT 2024 6 kk", "TA 2024", "TP 2023", "TOT 2023 6 kk"],
            None,
            None,
            {
                "tp": "TP 2023",
                "tot_prior": "TOT 2023 6 kk",
                "ta": "TA 2024",
                "tot": "TOT 2024 6 kk",
            },
            (2024, 6),
        ),
        (
            [
                "TP 2023",
                "TOT 2023 3 kk",
                "TA 2024 + muutos",
                "TOT 2024 3 kk",
                "Jäljellä",
                "TOT-24 %",
            ],
            None,
            None,
            {
                "tp": "TP 2023",
                "tot_prior": "TOT 2023 3 kk",
                "ta": "TA 2024 + muutos",
                "tot": "TOT 2024 3 kk",
                "remaining": "Jäljellä",
                "percent": "TOT-24 %",
            },
            (2024, 3),
        ),
        # An export's own headers, mapped by the aliases of its entity.yml.
        (
            ["Yksikkö", "Rivi", "TA 2024", "EDV 1-8kk", "TOT 1-8kk", "M %"],
            ALIASES,
            AUGUST,
            {"ta": "TA 2024", "tot_prior": "EDV 1-8kk", "tot": "TOT 1-8kk", "percent": "M %"},
            (2024, 8),
        ),
    ],
)
def test_identify_columns_maps_each_header_to_its_role(headers, aliases, period, expected, span):
    columns = identify_columns(headers, Path("t.csv"), aliases, period)
    assert columns.header == expected
    assert (columns.year, columns.months) == span


def test_an_unknown_header_lists_the_accepted_patterns():
    with pytest.raises(InputDataError) as error:
        identify_columns(["TA 2024", "TOT 1-8kk", "Toteuma-%"], Path("x.csv"), ALIASES, AUGUST)
    message = str(error.value)
    assert "column 'Toteuma-%': unknown column; accepted headers:" in message
    for pattern in ("TP {year}", "TA {year} + muutos", "TOT 1-{months}kk", "M %", "TOT-{yy} %"):
        assert pattern in message
    assert "'headers' in entity.yml" in message


@pytest.mark.parametrize(
    ("headers", "first", "second"),
    [
        (["TA 2024 +muutos", "TA 2024", "TOT 2024 8 kk"], "TA 2024 +muutos", "TA 2024"),
        (["TA 2023", "TA 2024", "TOT 2024 8 kk"], "TA 2023", "TA 2024"),
        (["TA 2024", "TOT 2024 8 kk", "TOT 1-8kk"], "TOT 2024 8 kk", "TOT 1-8kk"),
        (["TA 2024", "M %", "TOT-24 %", "TOT 1-8kk"], "M %", "TOT-24 %"),
    ],
)
def test_two_columns_of_one_role_name_both(headers, first, second):
    expected = f"two columns for .*: {re.escape(repr(first))} and {re.escape(repr(second))}"
    with pytest.raises(InputDataError, match=expected):
        identify_columns(headers, Path("x.csv"), ALIASES, AUGUST)


def test_an_alias_without_a_year_still_checks_the_months():
    with pytest.raises(InputDataError, match=r"column 'TOT 1-8kk': the file covers 8 months"):
        identify_columns(["TA 2024", "TOT 1-8kk"], Path("x.csv"), ALIASES, PERIOD)


def test_only_the_actual_to_date_is_required():
    with pytest.raises(InputDataError, match=r"no column for the actual to date \(TOT\)"):
        identify_columns(["TA 2024", "M %"], Path("x.csv"), ALIASES, AUGUST)


def flipped(text: str) -> str:
    """Heinola's export printed the other way round: every amount negated, TOT-% as is."""
    lines = text.splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(";")
        for i in range(2, len(cells) - 1):  # the last column is TOT-24 %
            value = cells[i]
            if value not in ("", "0"):
                cells[i] = value[1:] if value.startswith("-") else "-" + value
        out.append(";".join(cells))
    return "\n".join(out) + "\n"


def test_a_costs_positive_export_reads_as_the_same_statement(raw_copy):
    from conftest import RAW

    folder = raw_copy / "heinola"
    for name in ("tuloslaskelma.csv", "talousarvio_yhteenveto.csv"):
        path = folder / "2024-06-30" / name
        path.write_text(flipped(path.read_text(encoding="utf-8")), encoding="utf-8")
    config_path = folder / "entity.yml"
    config_path.write_text(config_path.read_text() + "sign_convention: costs_positive\n")
    printed = (folder / "2024-06-30" / "tuloslaskelma.csv").read_text(encoding="utf-8")
    assert "Hyvinvointilautakunnan toimiala;Toimintatuotot;-3 015 961" in printed
    _, tables = build_processed(raw_copy, "heinola", PERIOD)
    _, original = build_processed(RAW, "heinola", PERIOD)
    for name in ("income_statement", "budget_summary", "audit"):
        pd.testing.assert_frame_equal(tables[name], original[name])


def test_a_statement_without_department_rows_sums_its_units(esimerkkila):
    config, tables = esimerkkila
    statement = tables["income_statement"].set_index(["unit", "line", "measure"]).sort_index()
    department = statement.loc["Hyvinvointilautakunta"]
    # Printed income -120 000 and -260 000 (income negative): 120 000 + 260 000 = 380 000.
    assert department.loc[("T U L O T (ulkoiset)", "ta"), "amount"] == 380_000
    # Costs printed 1 012 400 + 1 466 890: -2 479 290 inside.
    assert department.loc[("M E N O T (ulkoiset)", "tot"), "amount"] == -2_479_290
    # -(1 128 600 + 1 549 190) = -2 677 790.
    assert department.loc[("TOIMINTAKATE (sis. sisäiset)", "tot"), "amount"] == -2_677_790
    assert set(department["origin"]) == {"computed"}
    assert set(statement.loc["Kulttuuripalvelut", "origin"]) == {"printed"}
    # No TP and no last year's column: no rows for them, never zeros.
    assert set(tables["income_statement"]["measure"]) == {"ta", "tot"}


def test_column_labels_are_the_printed_headers(esimerkkila):
    config, tables = esimerkkila
    table = statement_table(tables["income_statement"], config, "Kulttuuripalvelut")
    assert list(table.columns) == ["TA 2024", "TOT 1-8kk", "Jäljellä", "TOT-24 %"]
    # Sisäiset tulot printed -10 000 and -6 000: Jäljellä 10 000 - 6 000 = 4 000, 60 %.
    assert table.loc["Sisäiset tulot", "Jäljellä"] == 4_000
    assert table.loc["Sisäiset tulot", "TOT-24 %"] == pytest.approx(60.0)


def test_budget_derived_from_the_actual_and_a_one_decimal_percentage(fixtures):
    _, tables = build_processed(fixtures, "esimerkkila", "2024-04-30")
    statement = tables["income_statement"].set_index(["unit", "line", "measure"])
    line = "TOIMINTAKATE (ulkoiset)"
    culture = statement.loc[("Kulttuuripalvelut", line, "ta")]
    # TOT 1-4kk 452 300 (costs positive) at 34,0 %: TA = -452 300 / 0,340 = -1 330 294,12;
    # 34,0 stands for 33,95…34,05 and 452 300 for 452 299,5…452 300,5, so TA lies between
    # -452 300,5 / 0,3395 = -1 332 254,79 and -452 299,5 / 0,3405 = -1 328 339,21.
    assert culture["origin"] == "derived" and culture["header"] == "TA 2024"
    assert culture["amount"] == pytest.approx(-1_330_294.12, abs=0.01)
    assert culture["amount_low"] == pytest.approx(-1_332_254.79, abs=0.01)
    assert culture["amount_high"] == pytest.approx(-1_328_339.21, abs=0.01)
    # Liikunta: -618 200 / 0,336 = -1 839 880,95 in [-1 842 624,44; -1 837 145,62].
    sport = statement.loc[("Liikunta- ja nuorisopalvelut", line, "ta")]
    assert sport["amount"] == pytest.approx(-1_839_880.95, abs=0.01)
    assert sport["amount_low"] == pytest.approx(-1_842_624.44, abs=0.01)
    assert sport["amount_high"] == pytest.approx(-1_837_145.62, abs=0.01)
    # The department (no rows of its own) adds up the points and the ends of the ranges.
    department = statement.loc[("Hyvinvointilautakunta", line, "ta")]
    assert department["origin"] == "derived"
    assert department["amount"] == pytest.approx(-3_170_175.07, abs=0.01)
    assert department["amount_low"] == pytest.approx(-3_174_879.23, abs=0.01)
    assert department["amount_high"] == pytest.approx(-3_165_484.83, abs=0.01)
    # The printed toimintakate is kept (its income and cost lines are not in this note), and
    # the internal-lines margin, whose parts the note lacks, is left out, not made zero.
    assert statement.loc[("Kulttuuripalvelut", line, "tot"), "amount"] == -452_300
    assert "TOIMINTAKATE (sis. sisäiset)" not in set(tables["income_statement"]["line"])


def test_budget_recomputed_from_remaining_and_last_year_from_the_change(tmp_path, heinola):
    row = "Varhaiskasvatus;Maksutuotot;205 484;-34 484;-23 000"
    tidy, _ = read_rows(tmp_path, with_change(heinola), [row], header=ACTUAL_AND_DERIVED)
    values = tidy.set_index("measure")
    # TA = TOT + Jäljellä = 205 484 - 34 484 = 171 000; last year = TOT - change = 228 484.
    assert values.loc["ta", ["amount", "origin"]].tolist() == [171_000, "computed"]
    assert values.loc["tot_prior", ["amount", "origin"]].tolist() == [228_484, "computed"]
    assert values.loc["tot_prior", "header"] == "TOT 2023 6 kk"
    assert set(values.index) == {"ta", "tot_prior", "tot"}


def test_without_a_ta_column_the_budget_is_recomputed_from_remaining(tmp_path, heinola, statement):
    frame = pd.read_csv(STATEMENT_CSV, sep=";", dtype=str).drop(columns=["TA 2024 +muutos"])
    path = tmp_path / "tuloslaskelma.csv"
    frame.to_csv(path, sep=";", index=False)
    tidy, _ = read_income_statement(path, heinola, PERIOD)
    budget = tidy[tidy["measure"] == "ta"].set_index(["unit", "line"])
    # Toimintakate: TOT -15 134 455 + Jäljellä -14 788 395 = -29 922 850, the printed TA.
    net = budget.loc[(DEPARTMENT, "Toimintakate")]
    assert (net["amount"], net["origin"], net["header"]) == (-29_922_850, "computed", "TA 2024")
    # Every recomputed TA is within the export's whole-euro rounding of the printed one.
    printed = statement[statement["measure"] == "ta"].set_index(["unit", "line"])["amount"]
    assert (budget["amount"] - printed.reindex(budget.index)).abs().max() <= 2


def test_a_unit_or_a_line_missing_from_the_export_is_named():
    tidy = pd.DataFrame(
        {
            "unit": ["Toimiala", "Toimiala", "Vapaa-aika"],
            "line": ["Toimintatuotot", "Toimintakate", "Toimintakate"],
        }
    )
    path = Path("tuloslaskelma.csv")
    # A unit may omit a line (Vapaa-aika prints no Toimintatuotot) when another prints it.
    assert check_complete(tidy, path, ["Toimiala", "Vapaa-aika"], ["Toimintatuotot"]) is None
    with pytest.raises(InputDataError) as unit:
        check_complete(tidy, path, ["Toimiala", "Varhaiskasvatus"], [])
    assert (unit.value.file, unit.value.row, unit.value.column) == (
        "tuloslaskelma.csv",
        None,
        "Yksikkö",
    )
    assert unit.value.reason == (
        "no rows for the unit 'Varhaiskasvatus' (entity.yml lists it: every unit must be in "
        "the export)"
    )
    with pytest.raises(InputDataError) as line:
        check_complete(tidy, path, [], ["Toimintakate", "Toimintakulut"])
    assert (line.value.file, line.value.row, line.value.column, line.value.reason) == (
        "tuloslaskelma.csv",
        None,
        "Rivi",
        "no rows for the line 'Toimintakulut' (entity.yml lists it)",
    )
    # With ``unit_of_lines`` the line must be printed by that unit itself.
    assert check_complete(tidy, path, [], ["Toimintatuotot"], "Toimiala") is None
    with pytest.raises(InputDataError) as of_unit:
        check_complete(tidy, path, [], ["Toimintatuotot"], "Vapaa-aika")
    assert of_unit.value.reason == (
        "no rows for the line 'Toimintatuotot' of the unit 'Vapaa-aika' (entity.yml lists it)"
    )


def test_check_complete_reads_categorical_texts_by_their_rows_not_their_categories():
    # As read_income_statement holds them: codes into categories. 'Varhaiskasvatus' and
    # 'Toimintakulut' are categories no row uses, so they are missing all the same; the first
    # missing one in the listed order is named.
    units = pd.Categorical(
        ["Toimiala", "Vapaa-aika", "Toimiala"],
        categories=["Varhaiskasvatus", "Toimiala", "Vapaa-aika"],
    )
    lines = pd.Categorical(
        ["Toimintakate", "Toimintakate", "Toimintatuotot"],
        categories=["Toimintakulut", "Toimintakate", "Toimintatuotot"],
    )
    tidy = pd.DataFrame({"unit": units, "line": lines})
    path = Path("tuloslaskelma.csv")
    assert check_complete(tidy, path, ["Vapaa-aika", "Toimiala"], ["Toimintatuotot"]) is None
    with pytest.raises(InputDataError) as unit:
        check_complete(tidy, path, ["Toimiala", "Varhaiskasvatus", "Nuoriso"], [])
    assert unit.value.column == "Yksikkö"
    assert "'Varhaiskasvatus'" in unit.value.reason
    with pytest.raises(InputDataError) as line:
        check_complete(tidy, path, [], ["Toimintakate", "Toimintakulut"])
    assert (line.value.column, line.value.reason) == (
        "Rivi",
        "no rows for the line 'Toimintakulut' (entity.yml lists it)",
    )
    # Vapaa-aika's only row is Toimintakate: its Toimintatuotot is missing.
    with pytest.raises(InputDataError) as of_unit:
        check_complete(tidy, path, [], ["Toimintatuotot"], "Vapaa-aika")
    assert "'Toimintatuotot' of the unit 'Vapaa-aika'" in of_unit.value.reason


# --- Small statements: unit signs, printed decimals, mixed origins ---------------------------


def test_each_column_accepts_its_own_unit_sign_and_refuses_the_other(tmp_path, heinola):
    # Amounts and Jäljellä are euros, TOT-% a percentage: each may end with its own sign.
    row = "Varhaiskasvatus;Maksutuotot;293 844 €;177 888 €;260 000 €;155 650 €;104 350 €;59,87 %"
    tidy, printed = read_rows(tmp_path, heinola, [row])
    assert tidy["amount"].tolist() == [293_844, 177_888, 260_000, 155_650]
    assert printed.loc[0, "remaining_printed"] == 104_350
    assert printed.loc[0, "percent_printed"] == 59.87
    for old, new, column in [
        ("59,87 %", "59,87 €", "TOT-24 %"),
        ("104 350 €", "104 350 %", "Jäljellä"),
        ("155 650 €", "155 650 %", "TOT 2024 6 kk"),
    ]:
        with pytest.raises(InputDataError) as error:
            read_rows(tmp_path, heinola, [row.replace(old, new)])
        assert (error.value.row, error.value.column) == (2, column)
        assert "not a Finnish number" in error.value.reason


def test_the_printed_frame_keeps_each_columns_decimals(tmp_path, heinola):
    # Jäljellä printed with one decimal somewhere, TOT-% with one, Muutos (TOT - last year's
    # TOT: 155 650 - 177 888 = -22 238) with none; a column the export lacks has no decimals.
    rows = [
        "Varhaiskasvatus;Maksutuotot;293 844;177 888;260 000;155 650;104 350,5;59,9;-22 238",
        "Varhaiskasvatus;Myyntituotot;141 482;56 962;0;13 280;-13 280;0,0;-43 682",
    ]
    _, printed = read_rows(tmp_path, with_change(heinola), rows, header=HEADER + ";Muutos")
    printed = printed.set_index("line")
    assert printed.loc["Maksutuotot", "remaining_printed"] == 104_350.5
    assert printed.loc["Myyntituotot", "change_printed"] == -43_682
    assert printed["remaining_decimals"].tolist() == [1, 1]
    assert printed["percent_decimals"].tolist() == [1, 1]
    assert printed["change_decimals"].tolist() == [0, 0]
    # Without Muutos: no printed change and no decimals for it.
    _, printed = read_rows(tmp_path, heinola, ["Varhaiskasvatus;Maksutuotot;1;1;1;1;0,25;100,00"])
    assert printed.loc[0, "remaining_decimals"] == 2 and printed.loc[0, "percent_decimals"] == 0
    assert math.isnan(printed.loc[0, "change_printed"]) and printed.loc[0, "change_decimals"] == 0


def test_a_budget_column_of_mixed_origins_keeps_each_rows_origin_and_range(tmp_path, heinola):
    # No TA column. Maksutuotot prints Jäljellä: TA = 155 650 + 104 350 = 260 000 (computed).
    # Myyntituotot prints only TOT-% 59,87: TA = 155 650 / 0,5987 = 259 979,96 (derived), in
    # [155 649,5 / 0,59875; 155 650,5 / 0,59865] = [259 957,41; 260 002,51].
    # Muut toimintatuotot prints neither: it has no TA row at all.
    header = "Yksikkö;Rivi;TP 2023;TOT 2024 6 kk;Jäljellä;TOT-24 %"
    lines = [
        "Varhaiskasvatus;Myyntituotot;1 000;155 650;;59,87",
        "Varhaiskasvatus;Maksutuotot;2 000;155 650;104 350;",
        "Varhaiskasvatus;Muut toimintatuotot;3 000;10;;",
    ]
    tidy, _ = read_rows(tmp_path, heinola, lines, header=header)
    rows = {(r.line, r.measure): r for r in tidy.itertuples(index=False)}
    assert [(r.line, r.measure) for r in tidy.itertuples(index=False)] == [
        ("Myyntituotot", "tp"),
        ("Myyntituotot", "ta"),
        ("Myyntituotot", "tot"),
        ("Maksutuotot", "tp"),
        ("Maksutuotot", "ta"),
        ("Maksutuotot", "tot"),
        ("Muut toimintatuotot", "tp"),
        ("Muut toimintatuotot", "tot"),
    ]
    derived = rows[("Myyntituotot", "ta")]
    assert (derived.origin, derived.header, derived.year, derived.months) == (
        "derived",
        "TA 2024",
        2024,
        12,
    )
    assert derived.amount == pytest.approx(259_979.96, abs=0.01)
    assert derived.amount_low == pytest.approx(259_957.41, abs=0.01)
    assert derived.amount_high == pytest.approx(260_002.51, abs=0.01)
    computed = rows[("Maksutuotot", "ta")]
    assert (computed.amount, computed.origin) == (260_000, "computed")
    assert math.isnan(computed.amount_low) and math.isnan(computed.amount_high)
    printed_rows = [r for r in tidy.itertuples(index=False) if r.measure != "ta"]
    assert {r.origin for r in printed_rows} == {"printed"}
    assert all(math.isnan(r.amount_low) and math.isnan(r.amount_high) for r in printed_rows)
    assert [r.header for r in printed_rows] == ["TP 2023", "TOT 2024 6 kk"] * 3
    assert [r.amount for r in printed_rows] == [1_000, 155_650, 2_000, 155_650, 3_000, 10]


def parsed_statement(units, lines, amounts):
    """A parsed export as read_income_statement validates it: texts, Float64 amounts."""
    return pd.DataFrame(
        {
            "Yksikkö": pd.array(units, dtype="str"),
            "Rivi": pd.array(lines, dtype="str"),
            "TOT 2024 6 kk": pd.array(amounts, dtype="Float64"),
        }
    )


FAST_UNITS = ["Osasto", "Alue A", "Alue B"]
FAST_LINES = ["Myynti", "Maksut", "Palkat"]
FAST_CHECK = (FAST_UNITS, FAST_LINES, ["TOT 2024 6 kk"])


@pytest.mark.parametrize(
    ("units", "lines", "amounts", "valid"),
    [
        # Every unit × line pair once, in any order: the whole-column check says yes.
        (["Osasto", "Osasto", "Alue A"], ["Myynti", "Maksut", "Myynti"], [1, 2, 3], True),
        (["Alue B", "Osasto", "Alue B"], ["Palkat", "Palkat", "Myynti"], [1, 2, 3], True),
        # Pairs whose codes would collide without the "+ 1" (unit 0 × line 2 vs unit 1 × 0).
        (["Alue A", "Alue A", "Osasto"], ["Myynti", "Maksut", "Myynti"], [1, 2, 3], True),
        (["Osasto"], ["Myynti"], [0], True),
        # Every allowed unit with every allowed line (3 × 3 pairs): the texts are all the
        # schema's, not only a part of them.
        (
            ["Osasto", "Alue A", "Alue B"] * 3,
            ["Myynti"] * 3 + ["Maksut"] * 3 + ["Palkat"] * 3,
            list(range(9)),
            True,
        ),
        # Codes (unit, line) (2, 0) and (0, 1) with two lines: 2 × 2 + 0 = 4 and 0 × 2 + 1 = 1
        # differ, as any two pairs must (2 / 2 + 0 and 0 / 2 + 1 would both be 1).
        (
            ["Osasto", "Alue A", "Alue B", "Osasto"],
            ["Myynti", "Maksut", "Myynti", "Maksut"],
            [1, 2, 3, 4],
            True,
        ),
        # A repeated pair, adjacent or not, at the start or the end.
        (["Osasto", "Alue A", "Osasto"], ["Myynti", "Myynti", "Myynti"], [1, 2, 3], False),
        (["Alue A", "Alue A", "Osasto"], ["Maksut", "Maksut", "Myynti"], [1, 2, 3], False),
        (["Osasto", "Alue B", "Alue B"], ["Myynti", "Palkat", "Palkat"], [1, 2, 3], False),
        # An unknown unit or line, a missing one, a missing amount.
        (["Osasto", "Alue C"], ["Myynti", "Myynti"], [1, 2], False),
        (["Osasto", "Osasto"], ["Myynti", "Poistot"], [1, 2], False),
        (["Osasto", None], ["Myynti", "Myynti"], [1, 2], False),
        (["Osasto", "Osasto"], [None, "Myynti"], [1, 2], False),
        (["Osasto", "Alue A"], ["Myynti", "Myynti"], [1, None], False),
        (["Osasto", "Alue A"], ["Myynti", "Myynti"], [None, 2], False),
    ],
)
def test_the_whole_column_check_agrees_with_the_schema(units, lines, amounts, valid):
    # statement_passes is the fast path for a million rows: it must say yes to every valid
    # export (or pandera checks each row), and never to one pandera refuses.
    schema = raw_statement_schema(FAST_UNITS, FAST_LINES, ["TOT 2024 6 kk"])
    frame = parsed_statement(units, lines, amounts)
    assert statement_passes(frame, *FAST_CHECK) is valid
    try:
        schema.validate(frame)
    except pandera.errors.SchemaError:
        assert not valid
    else:
        assert valid


def test_the_whole_column_check_wants_text_and_float64_columns():
    frame = parsed_statement(["Osasto"], ["Myynti"], [1])
    as_float = frame.assign(**{"TOT 2024 6 kk": frame["TOT 2024 6 kk"].astype("float64")})
    assert not statement_passes(as_float, *FAST_CHECK)
    assert not statement_passes(frame.assign(Rivi=pd.Series([3])), *FAST_CHECK)
    assert not statement_passes(frame.assign(Yksikkö=pd.Series([3])), *FAST_CHECK)


def is_plain_text(column: pd.Series) -> bool:
    dtype = column.dtype
    return pd.api.types.is_string_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype)


def test_texts_read_as_categories_come_back_as_plain_text(tmp_path, heinola):
    # Two units, the department's line printed twice (by each unit): the categories are the
    # few distinct texts, and plain_texts gives every row its own text back.
    rows = [
        "Varhaiskasvatus;Maksutuotot;4;3;2;1;1;50,00",
        "Hyvinvointilautakunnan toimiala;Maksutuotot;8;7;6;5;1;83,33",
    ]
    tidy, _ = read_rows(tmp_path, heinola, rows)
    subtotalled = recompute_subtotals(tidy, heinola)
    plain = plain_texts(tidy)
    department, vaka = "Hyvinvointilautakunnan toimiala", "Varhaiskasvatus"
    assert plain["unit"].tolist() == [department] * 4 + [vaka] * 4
    assert plain["line"].tolist() == ["Maksutuotot"] * 8
    assert plain["measure"].tolist() == ["tp", "tot_prior", "ta", "tot"] * 2
    assert plain["header"].tolist() == HEADERS[2:6] * 2
    assert plain["origin"].tolist() == ["printed"] * 8
    assert plain["amount"].tolist() == [8, 7, 6, 5, 4, 3, 2, 1]
    for column in ("unit", "line", "measure", "header", "origin"):
        assert is_plain_text(plain[column]), column
        assert plain[column].tolist() == tidy[column].astype(object).tolist()
    assert str(plain["year"].dtype) == "int64" and str(plain["amount"].dtype) == "float64"
    # Subtotals of the categorical statement are those of the plain one (none here: the
    # other parts of Toimintatuotot are not in the export, so it is unknown, not 8 or 4).
    from_plain = recompute_subtotals(plain, heinola)
    pd.testing.assert_frame_equal(plain_texts(subtotalled), from_plain)
    assert all(is_plain_text(from_plain[c]) for c in ("unit", "line", "origin"))
    pd.testing.assert_frame_equal(from_plain, plain)
    # A plain statement whose texts are objects (a ledger built by hand) gives plain texts.
    as_objects = plain.astype({"line": object, "origin": object})
    from_objects = recompute_subtotals(as_objects, heinola)
    assert is_plain_text(from_objects["line"]) and is_plain_text(from_objects["origin"])
    pd.testing.assert_frame_equal(from_objects, from_plain, check_dtype=False)


def test_plain_texts_of_any_categorical_keeps_rows_and_gaps():
    # Categories held by pyarrow (as read) or as Python objects (built by hand), a missing
    # text (code -1) and an index that is not 0, 1, 2: each row keeps its own text.
    arrow = pd.Index(pd.array(["Osasto", "Alue A"], dtype="str"))
    frame = pd.DataFrame(
        {
            "unit": pd.Categorical.from_codes([1, -1, 0], categories=arrow),
            "line": pd.Categorical(["Myynti", "Ostot", "Myynti"]),
            "amount": [1.0, 2.0, 3.0],
        },
        index=[10, 11, 12],
    )
    out = plain_texts(frame)
    assert out["unit"].tolist()[0] == "Alue A" and out["unit"].tolist()[2] == "Osasto"
    assert pd.isna(out["unit"][11]) and is_plain_text(out["unit"])
    assert out["line"].tolist() == ["Myynti", "Ostot", "Myynti"]
    assert not isinstance(out["line"].dtype, pd.CategoricalDtype)
    assert list(out.index) == [10, 11, 12] and out["amount"].tolist() == [1.0, 2.0, 3.0]
    assert isinstance(frame["unit"].dtype, pd.CategoricalDtype)  # the input is left as it was


def test_statement_table_without_a_budget_has_no_remaining_or_percent(heinola):
    tidy = pd.DataFrame(
        [
            ("Varhaiskasvatus", "Maksutuotot", "tp", 2023, 12, 293_844.0),
            ("Varhaiskasvatus", "Maksutuotot", "tot", 2024, 6, 155_650.0),
        ],
        columns=["unit", "line", "measure", "year", "months", "amount"],
    )
    table = statement_table(tidy, heinola, "Varhaiskasvatus")
    assert list(table.columns) == ["TP 2023", "TOT 2024 6 kk"]
    assert table.loc["Maksutuotot"].tolist() == [293_844, 155_650]


def test_a_change_column_that_is_the_remaining_budget_stops_the_reading(tmp_path, heinola):
    # "Muutos" read as the change, but TA − TOT on both rows: 260 000 − 155 650 = 104 350 and
    # 20 000 − 13 280 = 6 720 (printed 6 721: 1 € of rounding). Row 2 is the first data row.
    header = "Yksikkö;Rivi;TA 2024 +muutos;TOT 2024 6 kk;Muutos"
    rows = [
        "Varhaiskasvatus;Maksutuotot;260 000;155 650;104 350",
        "Varhaiskasvatus;Myyntituotot;20 000;13 280;6 721",
    ]
    with pytest.raises(InputDataError) as error:
        read_rows(tmp_path, with_change(heinola), rows, header=header)
    assert error.value.file == str(tmp_path / "tuloslaskelma.csv")
    assert (error.value.row, error.value.column) == (2, "Muutos")
    assert "on every row it is TA − TOT, the remaining budget" in error.value.reason
    # A true change on the second row (13 280 − 14 000 = −720) lets the file through.
    read_rows(tmp_path, with_change(heinola), [rows[0], rows[1][:-5] + "-720"], header=header)


def test_printed_actuals_stay_printed_beside_computed_measures(tmp_path, heinola):
    # No TP, no TA, no last year's TOT: TA = TOT + Jäljellä and last year = TOT - Muutos are
    # computed on both rows; the printed TOT stays printed on both (not only on the first).
    rows = [
        "Varhaiskasvatus;Myyntituotot;13 280;-13 280;-43 682",
        "Varhaiskasvatus;Maksutuotot;155 650;104 350;-22 238",
    ]
    tidy, _ = read_rows(tmp_path, with_change(heinola), rows, header=ACTUAL_AND_DERIVED)
    got = [(r.line, r.measure, r.amount, r.origin) for r in tidy.itertuples(index=False)]
    assert got == [
        ("Myyntituotot", "tot_prior", 56_962, "computed"),  # 13 280 + 43 682
        ("Myyntituotot", "ta", 0, "computed"),  # 13 280 - 13 280
        ("Myyntituotot", "tot", 13_280, "printed"),
        ("Maksutuotot", "tot_prior", 177_888, "computed"),  # 155 650 + 22 238
        ("Maksutuotot", "ta", 260_000, "computed"),  # 155 650 + 104 350
        ("Maksutuotot", "tot", 155_650, "printed"),
    ]


def test_ranks_are_first_positions_in_the_order_and_unknown_or_missing_last():
    from helpers.income_statement import _ranks

    # 'b' is at 1, 'a' first at 0 (listed twice), 'x' is not listed: 3, as is the extra
    # entry for a missing value (code -1).
    ranks = _ranks(pd.Index(["b", "x", "a"]), ["a", "b", "a"])
    assert ranks.tolist() == [1, 3, 0, 3]
    assert str(ranks.dtype) == "int64"
    assert _ranks(pd.Index(["a"]), []).tolist() == [0, 0]
    assert _ranks(pd.Index([], dtype=object), ["a"]).tolist() == [1]
