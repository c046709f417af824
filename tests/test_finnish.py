import datetime as dt
import unicodedata

import pytest

from helpers.finnish import (
    format_date,
    format_day_month,
    format_number,
    format_percent,
    normalise_text,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-15 134 455", -15134455.0),
        ("50,58", 50.58),
        ("- 9 940", -9940.0),  # the PDF's spaced minus
        ("\u22129\u00a0940", -9940.0),  # Unicode minus, no-break space
        ("1\u202f234,5", 1234.5),  # narrow no-break space
        ("+17", 17.0),
        ("0,00", 0.0),
        ("42 368,7", 42368.7),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_number_accepts_finnish_formats(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["12.5", "1 23", "abc", "1,", "1,2,3", "--5", "5-"])
def test_parse_number_rejects_ambiguous_or_broken_text(text):
    with pytest.raises(ValueError, match="not a Finnish number"):
        parse_number(text)


def test_format_number_matches_the_printed_report():
    assert format_number(-15134455) == "-15\u00a0134\u00a0455"
    assert format_number(50.578257, 2) == "50,58"
    assert format_number(-0.4) == "0"
    assert format_number(None, missing="–") == "–"
    assert format_percent(50.578) == "50,58\u00a0%"


def test_dates_round_trip():
    assert format_date(dt.date(2024, 6, 30)) == "30.6.2024"
    assert parse_date("30.6.2024") == dt.date(2024, 6, 30)
    assert parse_date("2024-03-31") == dt.date(2024, 3, 31)
    with pytest.raises(ValueError, match="not a date"):
        parse_date("31.2.2024x")


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (dt.date(2024, 6, 30), "30.6.2024", "30.6."),
        (dt.date(2024, 1, 1), "1.1.2024", "1.1."),
        (dt.date(2023, 12, 31), "31.12.2023", "31.12."),
    ],
)
def test_dates_print_in_the_finnish_short_form_without_leading_zeros(day, long, short):
    assert format_date(day) == long
    assert format_day_month(day) == short


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("(19 709 683)", None, -19709683.0),  # accounting parentheses: negative
        ("(1 234,5)", "€", -1234.5),
        ("(691 408 €)", "€", -691408.0),
        ("691 408 €", "€", 691408.0),
        ("691 408€", "€", 691408.0),
        ("53,13 %", "%", 53.13),
        ("\u2013 9 940", None, -9940.0),  # en dash, as the published PDFs print a minus
        ("\u22129 940", None, -9940.0),  # Unicode minus
        ("12\u200b345", None, 12345.0),  # a zero-width space is invisible, so not there
    ],
)
def test_parse_number_accepts_signs_the_caller_allows(text, unit, expected):
    assert parse_number(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("691 408.56", "€", r"\(decimal point '\.' found; expected a decimal comma"),
        ("1.234.567", None, r"\(decimal point '\.' found"),
        ("691 408 €", None, r"\(currency sign '€' found; expected a plain number\)"),
        ("53,13 %", "€", r"\(percent sign '%' found; expected a plain number or one ending in '€'"),
        ("€ 691 408", "€", r"\(currency sign '€' found"),
        ("(-5)", None, r"\(both parentheses and a minus sign\)"),
        ("(19 709", None, r"\(unbalanced parentheses"),
        ("6,91408E+05", None, r"\(exponent notation found"),
        ("1 234-", None, r"\(minus sign after the number; expected it in front"),
        ("n. 691 408", None, r"not a Finnish number: 'n\. 691 408'; expected digits"),
        ("69 1408", None, r"\(misplaced thousands separator\): '69 1408'; expected digits"),
    ],
)
def test_parse_number_says_what_was_found_and_what_is_expected(text, unit, message):
    with pytest.raises(ValueError, match=message):
        parse_number(text, unit)


def test_normalise_text_makes_look_alikes_equal():
    nfd = unicodedata.normalize("NFD", "Virkkeellinen elämä")
    assert nfd != "Virkkeellinen elämä"
    assert normalise_text(nfd) == "Virkkeellinen elämä"
    assert normalise_text("Virkkeellinen\u200b elämä\u00ad") == "Virkkeellinen elämä"
    assert normalise_text("\ufeffYksikkö") == "Yksikkö"
    assert normalise_text("1\u00a0234\u202f567") == "1 234 567"
    assert normalise_text("rivi 1\nrivi 2\tx") == "rivi 1\nrivi 2\tx"
