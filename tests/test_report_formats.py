"""How the report prints values (``helpers.report.formats``), worked out by hand."""

import math

import pandas as pd

from helpers.report.formats import (
    as_printed,
    badge_class,
    decimal,
    euros,
    integer,
    paragraphs,
    percent_value,
    year,
)

NBSP = "\u00a0"


def test_numbers_as_the_source_report_prints_them():
    assert euros(-15134455.4) == f"-15{NBSP}134{NBSP}455"
    assert euros(math.nan) == ""  # an empty euro cell stays empty
    assert percent_value(50.578) == "50,58" and percent_value(None) == "–"
    assert integer(pd.NA) == "–" and integer(660.0) == "660"
    assert decimal(1)(1.24) == "1,2" and decimal(1)(8) == "8,0"
    assert as_printed(779.0) == "779" and as_printed(11355.17) == f"11{NBSP}355,17"
    assert year(2023.0) == "2023"  # no thousands separator in a year


def test_text_lines_become_paragraphs_and_statuses_badges():
    assert paragraphs("  Ensimmäinen.\n\n Toinen.  \n") == ("Ensimmäinen.", "Toinen.")
    assert paragraphs(None) == () and paragraphs(math.nan) == ()
    assert paragraphs(2024) == ("2024",)
    assert [badge_class(s) for s in ("Toteutuu", "Toteutuu osittain", "Ei toteudu", "?")] == [
        "ok",
        "partly",
        "no",
        "unknown",
    ]
