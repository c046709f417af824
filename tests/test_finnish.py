"""Finnish numbers and dates, with the expected values written out by hand."""

import datetime as dt
import math
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.finnish import (
    _latin_letters_only,
    format_date,
    format_day_month,
    format_number,
    format_percent,
    normalise_text,
    parse_date,
    parse_number,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-15 134 455", -15134455.0),  # the department's Toimintakate TOT 2024
        ("50,58", 50.58),
        ("1,05", 1.05),  # a leading zero in the decimals is kept
        ("- 9 940", -9940.0),  # the PDF's spaced minus
        ("\u22129\u00a0940", -9940.0),  # Unicode minus (U+2212), no-break space
        ("\u2212 5", -5.0),  # Unicode minus separated by a space
        ("\u20139 940", -9940.0),  # en dash (U+2013), as the published PDFs print it
        ("\u2013 831 915", -831915.0),  # en dash and a space: "- 831 915" in the print
        ("-0,5", -0.5),
        ("1\u202f234,5", 1234.5),  # narrow no-break space
        ("1\u2009234", 1234.0),  # thin space
        ("12 345 678", 12345678.0),
        ("+17", 17.0),
        ("+ 17", 17.0),
        ("\ufeff12", 12.0),  # a byte-order mark left at the start of a file's first cell
        ("  7 ", 7.0),
        ("0,00", 0.0),
        ("42 368,7", 42368.7),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_number_accepts_finnish_formats(text, expected):
    assert parse_number(text) == expected


def test_parse_number_passes_numbers_through_and_blanks_as_none():
    assert parse_number(None) is None
    assert parse_number(float("nan")) is None
    assert parse_number(5) == 5.0 and isinstance(parse_number(5), float)
    assert parse_number(-2.25) == -2.25
    with pytest.raises(ValueError, match=r"^not a number: True$"):
        parse_number(True)


@pytest.mark.parametrize(
    "text",
    ["12.5", "1 23", "1 2345", "1234 567", "abc", "1,", ",5", "1,2,3", "--5", "5-", "X5", "1X234"],
)
def test_parse_number_rejects_ambiguous_or_broken_text(text):
    with pytest.raises(ValueError, match=r"^not a Finnish number"):
        parse_number(text)


def test_parse_number_names_a_misplaced_separator():
    with pytest.raises(
        ValueError,
        match=r"^not a Finnish number \(misplaced thousands separator\): '1 23'; expected digits",
    ):
        parse_number("1 23")


def test_format_number_matches_the_printed_report():
    assert format_number(-15134455) == f"-15{NBSP}134{NBSP}455"
    assert format_number(1234.5, 2) == f"1{NBSP}234,50"
    assert format_number(50.578257, 2) == "50,58"
    assert format_number(999) == "999"
    assert format_number(-0.4) == "0"  # a rounded negative zero never prints as "-0"
    assert format_number(-0.004, 2) == "0,00"
    assert format_number(None) == ""
    assert format_number(float("nan")) == ""
    assert format_number(None, missing="–") == "–"


def test_format_number_rounds_the_stored_binary_value_half_to_even():
    # 2.675 is stored as 2.67499999999999982236431605997495353221893310546875: down.
    assert format_number(2.675, 2) == "2,67"
    assert format_number(-2.675, 2) == "-2,67"
    # 0.125 and 0.375 are exact in binary: ties go to the even last digit (0,12 and 0,38).
    assert format_number(0.125, 2) == "0,12" and format_number(0.375, 2) == "0,38"
    assert [format_number(v) for v in (0.5, 1.5, 2.5, -0.5, -2.5)] == ["0", "2", "2", "0", "-2"]
    assert (
        format_number(7, 3) == "7,000" and format_number(-1234567, 1) == f"-1{NBSP}234{NBSP}567,0"
    )


def test_format_number_edges_of_the_fast_path():
    # 10^15 and the largest numbers around it are printed digit for digit, grouped.
    assert format_number(1e15) == f"1{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000"
    # 999 999 999 999 999,5 is exact (spacing 0,125 there): a tie, rounded to the even 10^15.
    assert format_number(999_999_999_999_999.5) == format_number(1e15)
    assert format_number(999_999_999_999_999.0) == NBSP.join(["999"] * 5)
    # 10^12 + 0,065 is stored as 1000000000000.06494140625 (spacing 2^-13 there): two
    # decimals round it down, although the decimal 0,065 would be a tie.
    assert format_number(1_000_000_000_000.065, 2) == NBSP.join(
        ["1", "000", "000", "000", "000,06"]
    )
    # Where the float spacing reaches 10^-d, babel's text (the shortest decimal that reads
    # back as the float) and the float's exact value differ: 10^15 + 0,1 is stored as
    # 10^15 + 0,125 (spacing 0,125), printed ",10", not ",12"; 73 625 522 442 930,9 is
    # stored as ...930,90625 (spacing 2^-6), printed ",90", not ",91".
    thousands = ["1", "000", "000", "000", "000", "000,10"]
    assert format_number(1_000_000_000_000_000.1, 2) == NBSP.join(thousands)
    printed = ["73", "625", "522", "442", "930,90"]
    assert format_number(73_625_522_442_930.9, 2) == NBSP.join(printed)
    # 2^53 + 2 = 9 007 199 254 740 994 is beyond the fast path and printed as babel prints it.
    assert format_number(2.0**53 + 2) == NBSP.join(["9", "007", "199", "254", "740", "994"])
    assert format_number(float("inf")) == "∞" and format_number(float("-inf")) == "-∞"
    assert format_number(1e-7, 5) == "0,00000" and format_number(-1e-7, 7) == "-0,0000001"
    assert format_number(-1.0, -1) == "0" and format_number(1234.0, -1) == f"1{NBSP}230"


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e17, max_value=1e17),
        st.integers(min_value=-(10**17), max_value=10**17),
    ),
    st.integers(min_value=0, max_value=6),
)
def test_format_number_prints_what_babel_prints(value, decimals):
    """The fast path agrees with babel's pattern formatting for every number (babel rounds
    ``Decimal(str(x))`` half to even, Python's format the exact binary value)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(round(value, decimals) + 0.0, format=pattern, locale="fi_FI")
    assert format_number(value, decimals) == expected.replace("\u2212", "-")


def test_format_percent():
    assert format_percent(50.578) == f"50,58{NBSP}%"
    assert format_percent(44.4929, 1) == f"44,5{NBSP}%"
    assert format_percent(100) == f"100,00{NBSP}%"
    assert format_percent(None) == ""
    assert format_percent(float("nan"), missing="ei tietoa") == "ei tietoa"


def test_dates():
    assert format_date(dt.date(2024, 6, 30)) == "30.6.2024"
    assert format_date(dt.date(2024, 12, 1)) == "1.12.2024"
    assert parse_date("30.6.2024") == dt.date(2024, 6, 30)
    assert parse_date(" 01.03.2024 ") == dt.date(2024, 3, 1)
    assert parse_date("2024-03-31") == dt.date(2024, 3, 31)


@pytest.mark.parametrize("text", ["31.2.2024", "31.2.2024x", "2024-13-01", "30/6/2024", ""])
def test_parse_date_rejects_non_dates(text):
    with pytest.raises(ValueError, match=r"^not a date \(expected d\.m\.yyyy\): "):
        parse_date(text)


NUMBERISH = st.text(alphabet="0123456789 ,.-+\u2212\u2013\u00a0\u202fe", max_size=20)


@given(st.one_of(st.text(max_size=30), NUMBERISH))
def test_parse_number_gives_a_finite_number_none_or_value_error(text):
    try:
        value = parse_number(text)
    except ValueError as exc:
        assert str(exc).startswith("not a Finnish number")
        return
    if text.strip().lstrip("\ufeff") == "":
        assert value is None
    else:
        assert math.isfinite(value)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_whole_euros_parse_back(value):
    assert parse_number(format_number(value)) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_formatted_cents_parse_back(value):
    assert parse_number(format_number(float(value), 2)) == float(value)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(["-", "\u2212", "\u2013", "- ", "\u2212 ", "\u2013 "]),
)
def test_every_minus_sign_negates(value, minus):
    grouped = format_number(value).replace(NBSP, " ")
    assert parse_number(minus + grouped) == -value


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


def test_long_text_skips_normalising_only_when_its_letters_need_none():
    # Over 100 000 characters the bytes are checked first: Latin letters (U+00C0–U+027F) need
    # nothing; a no-break space (U+00A0), a soft hyphen (U+00AD) or U+0280 and above do.
    latin = "äöå é " * 20_000
    assert normalise_text(latin) == latin
    assert normalise_text(latin + "1\xa0234") == latin + "1 234"
    assert normalise_text(latin + "ta\u00adlous") == latin + "talous"
    assert normalise_text(latin + "x\u200by") == latin + "xy"


@pytest.mark.parametrize(
    ("text", "latin_only"),
    [
        ("äöå É ÿ", True),  # U+00C0 … U+00FF
        ("\u0100\u027f", True),  # Ā … the last of U+0250–U+027F
        ("\u00bf", False),  # ¿: lead byte 0xC2
        ("a\u00a0b", False),  # no-break space
        ("\u0280", False),  # lead byte 0xCA
        ("\u2212", False),  # Unicode minus: a three-byte character
        ("plain", True),
    ],
)
def test_latin_letters_only_reads_the_lead_bytes(text, latin_only):
    assert _latin_letters_only(text) is latin_only


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        # Each error quotes the cell as the user typed it, and says what is wrong when it can.
        ("(-5)", None, "not a Finnish number (both parentheses and a minus sign): '(-5)'"),
        ("(+5)", None, "not a Finnish number (both parentheses and a minus sign): '(+5)'"),
        ("()", None, "not a Finnish number: '()'; "),
        (
            "12 %",
            "€",
            "(percent sign '%' found; expected a plain number or one ending in '€'): '12 %'",
        ),
        (
            "(12 %)",
            "€",
            "(percent sign '%' found; expected a plain number or one ending in '€'): '(12 %)'",
        ),
        ("1 234-", None, "(minus sign after the number; expected it in front, e.g. -1 234)"),
        ("5-", None, "(minus sign after the number; expected it in front, e.g. -1 234): '5-'"),
        # A trailing minus after something that is not a number is not that fault.
        ("1(2-", None, "(unbalanced parentheses; a negative number is written -1 234 or (1"),
        (
            "-1 234-",
            None,
            "(minus sign after the number; expected it in front, e.g. -1 234): '-1 234-'",
        ),
        ("12-3", None, "not a Finnish number: '12-3'; "),
        # A letter in parentheses (a footnote mark) is no number, and no sign was found.
        ("(X)", None, "not a Finnish number: '(X)'; "),
        # A plus sign does not hide a misplaced thousands separator: "+1 23" is not 123.
        ("+1 23", None, "(misplaced thousands separator): '+1 23'; "),
        # Two signs are a typo, never a number: "+-5" is neither 5 nor -5.
        ("++5", None, "not a Finnish number: '++5'; "),
        ("+-5", None, "not a Finnish number: '+-5'; "),
        ("+ -5", None, "not a Finnish number: '+ -5'; "),
        ("(1 234", None, "(unbalanced parentheses; a negative number is written -1 234 or (1"),
        ("1 234)", None, "(unbalanced parentheses; a negative number is written -1 234 or (1"),
        ("1,5E+06", None, "export the column as a number with all its digits): '1,5E+06'"),
    ],
)
def test_every_refused_number_quotes_the_cell_and_names_its_fault(text, unit, message):
    with pytest.raises(ValueError) as error:
        parse_number(text, unit)
    assert message in str(error.value)


def test_a_plus_sign_is_accepted_and_means_positive():
    assert parse_number("+1 234") == 1234.0
    assert parse_number("+ 5,5") == 5.5
