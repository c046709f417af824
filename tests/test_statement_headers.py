"""Which printed column carries which measure: the header patterns and the period they state,
against headers as printed in the embedded and other municipalities' exports."""

import datetime as dt
from pathlib import Path

import pytest

from helpers.errors import InputDataError
from helpers.statement_headers import accepted_patterns, identify_columns

PATH = Path("tuloslaskelma.csv")


def test_an_unknown_header_lists_every_accepted_pattern_by_key():
    with pytest.raises(InputDataError) as error:
        identify_columns(["TOT 2024 6 kk", "Ennuste"], PATH)
    assert (error.value.file, error.value.row, error.value.column) == (
        "tuloslaskelma.csv",
        1,
        "Ennuste",
    )
    # The built-in patterns, key by key (keys without patterns are not listed).
    assert error.value.reason == (
        "unknown column; accepted headers: tp: TP {year}; ta: TA {year} | TA {year} + muutos; "
        "tot: TOT {year} {months} kk; remaining: Jäljellä; percent: TOT-{yy} % "
        "(an export's own headers are declared under 'headers' in entity.yml)"
    )


def test_an_entitys_own_patterns_come_first_and_give_keys_without_built_ins():
    patterns = accepted_patterns({"tot": ["Käyttö 1-{months}/{year}"], "change": ["Muutos"]})
    assert patterns["tot"] == ["Käyttö 1-{months}/{year}", "TOT {year} {months} kk"]
    assert patterns["change"] == ["Muutos"]
    assert "tot_prior" not in patterns


def test_the_printed_statements_headers_state_june_2024():
    headers = ["Yksikkö", "Rivi", "TP 2023", "TA 2024 +muutos", "TOT 2024 6 kk", "Jäljellä"]
    columns = identify_columns(headers, PATH, period_end=dt.date(2024, 6, 30))
    assert columns.header == {
        "tp": "TP 2023",
        "ta": "TA 2024 +muutos",
        "tot": "TOT 2024 6 kk",
        "remaining": "Jäljellä",
    }
    assert (columns.year, columns.months) == (2024, 6)
    # Last year's actual to the same date beside this year's: the earlier year is last year's.
    both = identify_columns(["TOT 2023 6 kk", "TOT 2024 6 kk", "TOT-24 %"], PATH)
    assert both.header == {
        "tot_prior": "TOT 2023 6 kk",
        "tot": "TOT 2024 6 kk",
        "percent": "TOT-24 %",
    }
    assert (both.year, both.months) == (2024, 6)


def test_headers_of_two_periods_or_another_period_are_errors():
    with pytest.raises(InputDataError, match="do not describe one period: TP 2022, TOT 2024 6 kk"):
        identify_columns(["TP 2022", "TOT 2024 6 kk"], PATH)
    with pytest.raises(
        InputDataError, match="covers 6 months of 2024, but the period asked for ends 2024-08-31"
    ):
        identify_columns(["TOT 2024 6 kk"], PATH, period_end=dt.date(2024, 8, 31))
    with pytest.raises(
        InputDataError,
        match="two columns for the budget \\(TA\\): 'TA 2024' and 'TA 2024 \\+ muutos'",
    ):
        identify_columns(["TA 2024", "TA 2024 + muutos", "TOT 2024 6 kk"], PATH)


def test_headers_stating_no_period_take_the_period_asked_for():
    # An export whose own headers state neither year nor months ("Käyttö"): 30.9.2024 asked
    # for gives the year 2024 and 9 months.
    columns = identify_columns(
        ["Käyttö"], PATH, aliases={"tot": ["Käyttö"]}, period_end=dt.date(2024, 9, 30)
    )
    assert columns.header == {"tot": "Käyttö"}
    assert (columns.year, columns.months) == (2024, 9)


def test_without_a_period_asked_for_the_headers_must_state_year_and_months():
    # "Käyttö 2024" states the year but not the months: nothing tells how long a period.
    with pytest.raises(InputDataError) as error:
        identify_columns(["Käyttö 2024"], PATH, aliases={"tot": ["Käyttö {year}"]})
    assert (error.value.file, error.value.row, error.value.column) == (
        "tuloslaskelma.csv",
        1,
        "Käyttö 2024",
    )
    assert error.value.reason == "the headers do not state the year and months the file covers"


def test_a_prior_year_placeholder_states_the_year_after_it():
    # "Muutos 2023" is the change from 2023, so the file covers 2024; the months come from
    # "TOT 6 kk": 6 months of 2024 with no period asked for.
    aliases = {"tot": ["TOT {months} kk"], "change": ["Muutos {prior_year}"]}
    columns = identify_columns(["TOT 6 kk", "Muutos 2023"], PATH, aliases=aliases)
    assert columns.header == {"tot": "TOT 6 kk", "change": "Muutos 2023"}
    assert (columns.year, columns.months) == (2024, 6)


@pytest.mark.parametrize(
    ("pattern", "header", "covers"),
    [
        ("Käyttö {year}", "Käyttö 2023", "2023"),  # a year only
        ("Käyttö 1-{months}", "Käyttö 1-9", "9 months"),  # months only
    ],
)
def test_another_period_names_what_the_headers_state(pattern, header, covers):
    with pytest.raises(InputDataError) as error:
        identify_columns(
            [header], PATH, aliases={"tot": [pattern]}, period_end=dt.date(2024, 6, 30)
        )
    assert (error.value.row, error.value.column) == (1, header)
    assert error.value.reason == (
        f"the file covers {covers}, but the period asked for ends 2024-06-30"
    )


def where(error: pytest.ExceptionInfo) -> tuple:
    return (error.value.file, error.value.row, error.value.column)


def test_two_columns_of_one_measure_name_the_second_in_the_header_row():
    with pytest.raises(InputDataError) as error:
        identify_columns(["TA 2024", "TA 2024 + muutos", "TOT 2024 6 kk"], PATH)
    assert where(error) == ("tuloslaskelma.csv", 1, "TA 2024 + muutos")


def test_a_file_without_the_actual_to_date_names_the_headers_it_would_take():
    with pytest.raises(InputDataError) as error:
        identify_columns(["TP 2023", "TA 2024"], PATH)
    assert where(error) == ("tuloslaskelma.csv", 1, "TOT {year} {months} kk")
    assert error.value.reason == (
        "no column for the actual to date (TOT); accepted headers: TOT {year} {months} kk"
    )
    aliases = {"tot": ["Käyttö {year}", "TOT {months} kk"]}
    with pytest.raises(InputDataError) as error:
        identify_columns(["TA 2024"], PATH, aliases=aliases)
    # The entity's own patterns first, then the built-in one.
    assert error.value.column == "Käyttö {year} | TOT {months} kk | TOT {year} {months} kk"
    assert error.value.reason.endswith(
        "accepted headers: Käyttö {year} | TOT {months} kk | TOT {year} {months} kk"
    )


def test_a_two_digit_year_states_the_year_of_the_file():
    # "TOT-24 %" says 2024; the actual's own header states only its 6 months.
    aliases = {"tot": ["TOT {months} kk"]}
    columns = identify_columns(["TOT 6 kk", "TOT-24 %"], PATH, aliases=aliases)
    assert (columns.year, columns.months) == (2024, 6)
    # "TOT-23 %" beside "TOT 2024 6 kk": two years, refused.
    with pytest.raises(InputDataError, match="do not describe one period"):
        identify_columns(["TOT 2024 6 kk", "TOT-23 %"], PATH)
