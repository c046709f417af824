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
