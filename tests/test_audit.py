"""The audit: every check rule on small tables written out by hand, then the embedded data
and deliberately corrupted copies of it.

The expected errors of the embedded data are read from the source report: the investment table
prints its Poikkeama as -270 000 although TA -270 000 minus the actual -9 940 is -260 060, and
the project table's printed total 1 320 392 € is not the sum of its 20 rows (1 328 170,03 €).
"""

import math

import numpy as np
import pandas as pd
import pytest

from helpers import audit
from helpers.audit import (
    COLUMNS,
    SEVERITIES,
    audit_frame,
    finding,
    investment_checks,
    survey_share_checks,
    total_checks,
)
from helpers.catalog import AUDIT
from helpers.clean import build_processed

PERIOD = "2024-06-30"

# --- The severity rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "recomputed", "tolerance", "decimals", "severity"),
    [
        (100, 100, 3, None, "ok"),
        (100, 99.5, 3, None, "info"),  # half a euro is a rounding difference, not a match
        (100, 98, 3, None, "info"),
        (100, 97, 3, None, "info"),  # exactly at the tolerance
        (100, 103, 3, None, "info"),
        (100, 96.5, 3, None, "error"),
        (100, 96, 3, None, "error"),
        (50.58, 50.5782, 0.001, 2, "ok"),  # rounds to the printed two decimals
        (50.58, 50.5782, 0.001, None, "error"),  # the same without the printed precision
        (50.58, 50.5749, 0.01, 2, "info"),  # rounds to 50,57: within the tolerance only
        (50.58, 50.5649, 0.01, 2, "error"),
    ],
)
def test_severity_follows_difference_tolerance_and_printed_precision(
    printed, recomputed, tolerance, decimals, severity
):
    row = finding("f.csv", "item", "check", printed, recomputed, tolerance, decimals=decimals)
    assert row["severity"] == severity


def test_a_finding_row_has_every_column_and_the_signed_difference():
    row = finding("hankkeet.csv", "Yhteensä", "yhteensä = rivien summa", 1_320_392, 1_328_170.03, 3)
    assert list(row) == COLUMNS
    assert row["file"] == "hankkeet.csv" and row["item"] == "Yhteensä"
    assert row["check"] == "yhteensä = rivien summa" and row["tolerance"] == 3
    assert row["printed"] == 1_320_392 and row["recomputed"] == 1_328_170.03
    assert row["difference"] == pytest.approx(1_320_392 - 1_328_170.03)  # printed − recomputed
    assert row["severity"] == "error" and row["note"] == ""
    assert finding("f", "i", "c", 5, 3, 3, note="huom")["note"] == "huom"


@pytest.mark.parametrize(("recomputed"), [None, float("nan")])
def test_an_undefined_recomputed_value(recomputed):
    # A zero budget leaves TOT-% undefined: printed 0,00 is a convention, anything else an error.
    zero = finding("f", "i", "c", 0, recomputed, 0.01)
    assert list(zero) == COLUMNS and (zero["file"], zero["check"]) == ("f", "c")
    assert zero["severity"] == "info"
    assert zero["note"] == "not defined (zero denominator); printed as 0"
    assert math.isnan(zero["recomputed"]) and math.isnan(zero["difference"])
    assert zero["tolerance"] == 0.01 and zero["printed"] == 0 and zero["item"] == "i"
    twelve = finding("f", "i", "c", 12, recomputed, 0.01)
    assert twelve["severity"] == "error"
    assert twelve["note"] == "not defined (zero denominator); printed as 12"
    assert finding("f", "i", "c", 12, recomputed, 0.01, note="oma")["note"] == "oma"


# --- Investments, printed totals, survey shares --------------------------------------------


def by_item(rows):
    """Findings by their item."""
    return {row["item"]: row for row in rows}


def investments(rows):
    columns = ["unit", "line", "budget", "actual", "deviation_printed", "realisation_pct_printed"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["source_file"] = "investoinnit.csv"
    return frame


def test_investment_deviation_and_realisation():
    rows = by_item(
        investment_checks(
            investments(
                [
                    # As printed: TA -270 000, Toteuma 1-6 -9 940, Poikkeama -270 000, 3,68 %.
                    ("HYVINVOINTI", "Menot", -270_000, -9_940, -270_000, 3.68),
                    ("HYVINVOINTI", "Tulot", 50_000, 20_000, 30_000, pd.NA),
                    ("HYVINVOINTI", "Muut", 0, -1_000, pd.NA, 0.0),
                ]
            )
        )
    )
    assert {item: row["severity"] for item, row in rows.items()} == {
        "HYVINVOINTI / Menot / Poikkeama": "error",
        "HYVINVOINTI / Menot / Toteuma %": "ok",
        "HYVINVOINTI / Tulot / Poikkeama": "ok",
        "HYVINVOINTI / Muut / Toteuma %": "info",  # no budget: printed 0 is a convention
    }
    deviation = rows["HYVINVOINTI / Menot / Poikkeama"]
    assert deviation["recomputed"] == -260_060 and deviation["check"] == "Poikkeama = TA − toteuma"
    assert deviation["tolerance"] == 3 and deviation["file"] == "investoinnit.csv"
    percent = rows["HYVINVOINTI / Menot / Toteuma %"]
    assert percent["recomputed"] == pytest.approx(9_940 / 270_000 * 100)
    assert percent["check"] == "Toteuma % = toteuma / TA × 100" and percent["tolerance"] == 0.01
    assert {row["file"] for row in rows.values()} == {"investoinnit.csv"}


def test_a_printed_total_against_its_rows():
    table = pd.DataFrame({"total_funding": [20_000, 26_300, 42_368.7]})
    totals = pd.DataFrame(
        {
            "source_file": ["hankkeet.csv", "hankkeet.csv"],
            "Kokonaisrahoitus €": ["88 668,7", "88 660 €"],  # a euro column may print "€"
        }
    )
    rows = total_checks(table, totals, "total_funding", "Kokonaisrahoitus €")
    assert [(r["printed"], r["recomputed"], r["severity"]) for r in rows] == [
        (88_668.7, pytest.approx(88_668.7), "ok"),
        (88_660, pytest.approx(88_668.7), "error"),
    ]
    assert rows[0]["item"] == "Yhteensä / Kokonaisrahoitus €"
    assert rows[0]["check"] == "yhteensä = rivien summa" and rows[0]["file"] == "hankkeet.csv"


def surveys(rows):
    frame = pd.DataFrame(rows, columns=["survey", "measure", "respondents", "count", "share_pct"])
    frame["source_file"] = "kyselyt.csv"
    frame["reference_value"] = float("nan")  # other columns may be empty: the row still counts
    return frame


def test_survey_shares_against_their_printed_precision():
    rows = survey_share_checks(
        surveys(
            [
                # Harrastemalli: 146 of 660 is 22,12 %, printed as 22 %.
                ("Harrastemallikysely", "ei harrasta", 660, 146, 22.0),
                # 128 of 600 is 21,33 %: printed 22 % is 0,67 points off, more than half a point.
                ("A", "a", 600, 128, 22.0),
                # 29 of 200 is 14,5 %: printed with one decimal, the tolerance is 0,05 points.
                ("B", "b", 200, 29, 14.5),
                ("C", "c", 200, 29, 14.6),
                ("D", "d", 247, pd.NA, 14.0),  # count not printed: derived later, not audited
            ]
        )
    )
    assert [(r["item"], r["tolerance"], r["severity"]) for r in rows] == [
        ("Harrastemallikysely / ei harrasta", 0.5, "ok"),
        ("A / a", 0.5, "error"),
        ("B / b", 0.05, "ok"),
        ("C / c", 0.05, "error"),
    ]
    assert rows[0]["recomputed"] == pytest.approx(146 / 660 * 100)
    assert rows[0]["check"] == "osuus = lukumäärä / vastaajat × 100"
    assert rows[0]["file"] == "kyselyt.csv" and rows[0]["printed"] == 22


def test_a_small_groups_check_keeps_its_severity_but_shows_no_number():
    # 3 of 40 (7,5 %) and 4 of 20 (20 %) are cells under five: their numbers are hidden, the
    # verdict stays (printed 9 against 7,5 is an error); 5 of 40 is shown.
    rows = survey_share_checks(
        surveys(
            [
                ("A", "a", 40, 3, 9.0),
                ("B", "b", 20, 4, 20.0),
                ("C", "c", 40, 5, 12.5),
            ]
        )
    )
    assert [r["severity"] for r in rows] == ["error", "ok", "ok"]
    for row in rows[:2]:
        assert math.isnan(row["printed"]) and math.isnan(row["recomputed"])
        assert math.isnan(row["difference"]) and row["note"] == audit.SUPPRESSED
    assert (rows[2]["printed"], rows[2]["recomputed"], rows[2]["note"]) == (12.5, 12.5, "")


def test_audit_frame_has_float_columns_even_when_empty():
    empty = audit_frame([])
    assert list(empty.columns) == COLUMNS and empty.empty
    for column in ("printed", "recomputed", "difference", "tolerance"):
        assert empty[column].dtype == "float64"
    frame = audit_frame([finding("f", "i", "c", 1, 1, 3), finding("f", "j", "c", 0, None, 3)])
    for column in ("printed", "recomputed", "difference", "tolerance"):
        assert frame[column].dtype == "float64"
    assert list(frame["severity"]) == ["ok", "info"]


@pytest.mark.parametrize(
    ("value", "decimals", "rounded"),
    [
        (2.675, 2, 2.67),  # stored as 2,67499999…: numpy's rint(267,5) would give 2,68
        (1.005, 2, 1.0),  # stored as 1,00499999…
        (0.125, 2, 0.12),  # exactly a half: to the even digit
        (0.375, 2, 0.38),
        (2.5, 0, 2.0),
        (3.5, 0, 4.0),
        (-2.5, 0, -2.0),
        (50.5782, 2, 50.58),
        (-14_788_395.0, 0, -14_788_395.0),
        (57.71071, 1, 57.7),
    ],
)
def test_python_round_rounds_as_python_does(value, decimals, rounded):
    got = audit.python_round(np.array([value]), np.array([decimals]))
    assert got[0] == rounded == round(value, decimals)


def test_finding_frame_gives_the_rows_finding_gives():
    # Printed 100 against 100 (ok), 99,5 (info: half a euro), 96 (error: 4 € > 3 €); a
    # percentage 50,58 against 50,5782 (ok at two printed decimals) and 50,5649 (error:
    # 0,0151 > 0,01); undefined recomputed values printed as 0 (info) and 12,5 (error).
    printed = [100, 100, 100, 50.58, 50.58, 0, 12.5]
    recomputed = [100, 99.5, 96, 50.5782, 50.5649, np.nan, np.nan]
    tolerance = [3, 3, 3, 0.01, 0.01, 3, 3]
    items = [f"rivi {n}" for n in range(7)]
    frame = audit.finding_frame(
        "t.csv", items, "tarkistus", printed, recomputed, tolerance, decimals=2
    )
    assert list(frame["severity"]) == ["ok", "info", "error", "ok", "error", "info", "error"]
    assert list(frame["note"])[-2:] == [
        "not defined (zero denominator); printed as 0",
        "not defined (zero denominator); printed as 12.5",
    ]
    assert frame["difference"].tolist()[:3] == [0, 0.5, 4]
    expected = audit_frame(
        [
            finding("t.csv", i, "tarkistus", p, r, t, decimals=2)
            for i, p, r, t in zip(items, printed, recomputed, tolerance, strict=True)
        ]
    )
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)


def test_audit_frame_keeps_single_findings_and_frames_in_their_order():
    one = finding("a.csv", "eka", "c", 1, 1, 3)
    many = audit.finding_frame("b.csv", ["toka", "kolmas"], "c", [1, 2], [1, 9], 3)
    last = finding("c.csv", "neljäs", "c", 5, 0, 3)
    frame = audit_frame([one, many, audit_frame([]), last])
    assert list(frame["item"]) == ["eka", "toka", "kolmas", "neljäs"]
    assert list(frame["severity"]) == ["ok", "ok", "error", "error"]
    assert list(frame.index) == [0, 1, 2, 3]
    assert all(frame[c].dtype == "str" for c in ("file", "item", "check", "severity", "note"))


# --- The embedded data and corrupted copies of it -------------------------------------------


@pytest.fixture(scope="module")
def audit_rows():
    from conftest import RAW

    _, tables = build_processed(RAW, "heinola", PERIOD)
    return tables[AUDIT.name]


@pytest.mark.pipeline
def test_the_published_reports_mistakes_are_found(audit_rows):
    errors = audit_rows[audit_rows["severity"] == "error"].set_index("item")
    assert set(errors.index) == {
        "Yhteensä / Kokonaisrahoitus €",
        "HYVINVOINTI / Menot / Poikkeama",
        "HYVINVOINTI / Netto / Poikkeama",
        "HYTE-kerroin / 2022 / €/oppilas",  # a coefficient per resident printed per pupil
    }
    assert errors.loc["HYVINVOINTI / Menot / Poikkeama", "recomputed"] == -270_000 + 9_940
    total = errors.loc["Yhteensä / Kokonaisrahoitus €"]
    assert total["printed"] == 1_320_392
    assert total["recomputed"] == pytest.approx(1_328_170.03)


@pytest.mark.pipeline
def test_every_check_family_ran(audit_rows):
    checks = set(audit_rows["check"])
    for expected in (
        "Toimintakate = Toimintatuotot + Toimintakulut",
        "Vuosikate = Toimintakate + Rahoitustuotot ja -kulut",
        "Tilikauden tulos = Vuosikate + Poistot ja arvonalentumiset",
        "Jäljellä = TA − TOT",
        "TOT-% = TOT / TA × 100",
        "toimiala = palvelualueiden summa",
        "NETTO = tuloslaskelman Toimintakate",
        "Poikkeama = TA − toteuma",
        "yhteensä = rivien summa",
        "osuus = lukumäärä / vastaajat × 100",
    ):
        assert expected in checks
    assert set(audit_rows["severity"]) <= set(SEVERITIES)
    # Harrastemalli: 146 of 660 is 22,1 %, printed as 22 %.
    survey = audit_rows[audit_rows["file"] == "kyselyt.csv"].iloc[0]
    assert survey["severity"] == "ok" and survey["recomputed"] == pytest.approx(146 / 660 * 100)


@pytest.mark.pipeline
def test_rounding_differences_are_info_not_errors(audit_rows):
    # Printed Toimintatuotot TOT 2024 1 196 238; its four lines add up to 1 196 237.
    row = audit_rows[
        audit_rows["item"] == "Hyvinvointilautakunnan toimiala / Toimintatuotot / TOT 2024 6 kk"
    ].iloc[0]
    assert (row["printed"], row["recomputed"], row["severity"]) == (1_196_238, 1_196_237, "info")


@pytest.mark.pipeline
@pytest.mark.parametrize(
    ("file", "old", "new", "item"),
    [
        (
            "2024-06-30/tuloslaskelma.csv",
            "-14 788 395;50,58",
            "-14 789 395;50,58",
            "Hyvinvointilautakunnan toimiala / Toimintakate / Jäljellä",
        ),
        (
            "2024-06-30/tuloslaskelma.csv",
            "-33 279 100;-17 268 156",
            "-33 279 900;-17 268 156",
            "Hyvinvointilautakunnan toimiala / Toimintakulut / TP 2023",
        ),
        (
            "2024-06-30/tuloslaskelma.csv",
            "Varhaiskasvatus;Avustukset;-443 537",
            "Varhaiskasvatus;Avustukset;-453 537",
            "Hyvinvointilautakunnan toimiala / Avustukset / TP 2023",
        ),
        (
            "2024-06-30/talousarvio_yhteenveto.csv",
            "TULOT;3 015 961",
            "TULOT;3 015 061",
            "Hyvinvointilautakunnan toimiala / TULOT / TP 2023",
        ),
        (
            "kyselyt.csv",
            "660;146;22;",
            "660;146;25;",
            "Harrastemallikysely / vastaajista ei harrasta mitään",
        ),
    ],
)
def test_corruptions_become_errors(raw_copy, file, old, new, item):
    path = raw_copy / "heinola" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, tables = build_processed(raw_copy, "heinola", PERIOD)
    rows = tables[AUDIT.name]
    assert "error" in set(rows.loc[rows["item"] == item, "severity"]), item


@pytest.mark.pipeline
def test_audit_csv_has_the_required_columns(tmp_path, audit_rows):
    from helpers.clean import write_processed

    target = write_processed({AUDIT.name: audit_rows}, tmp_path, "heinola", PERIOD)
    written = pd.read_csv(target / "audit.csv", sep=";", decimal=",")
    assert list(written.columns)[:7] == [
        "file",
        "item",
        "check",
        "printed",
        "recomputed",
        "difference",
        "tolerance",
    ]
    assert "severity" in written.columns and len(written) == len(audit_rows)


def test_percentages_are_compared_at_their_printed_precision():
    from helpers.audit import percent_tolerance

    # Half of the last printed digit plus 0,005 points for whole-euro inputs.
    assert percent_tolerance(2) == pytest.approx(0.01)
    assert percent_tolerance(1) == pytest.approx(0.055)
    assert percent_tolerance(0) == pytest.approx(0.505)

    def severity(printed, recomputed):
        tolerance = percent_tolerance(1)
        return finding("f", "i", "c", printed, recomputed, tolerance, decimals=1)["severity"]

    # 130,9 printed with one decimal: 130,94 rounds to it (ok); 130,96 is 0,06 away (error).
    assert severity(130.9, 130.94) == "ok"
    assert severity(130.9, 130.96) == "error"
    # 69,8 against 69,8519 (truncated, not rounded): 0,0519 ≤ 0,055 is rounding (info).
    assert severity(69.8, 69.8519) == "info"


def test_a_one_decimal_percentage_padded_to_two_decimals_is_one_decimal():
    # "130,90", "75,40": every cell ends in 0, so the column is printed with one decimal.
    from helpers.income_statement import printed_decimals

    assert printed_decimals(pd.Series(["130,90", "75,40", "", "0,00"])) == 1
    assert printed_decimals(pd.Series(["50,58", "50,50"])) == 2
    assert printed_decimals(pd.Series(["-14 788 395", "0"])) == 0


def test_computed_department_rows_are_never_compared_as_printed(esimerkkila):
    _, tables = esimerkkila
    rows = tables[AUDIT.name]
    assert not rows["item"].str.startswith("Hyvinvointilautakunta /").any()
    assert "toimiala = palvelualueiden summa" not in set(rows["check"])
    # Every TOT-% of the one-decimal M % column is ok, but Liikunta's costs: printed 69,8,
    # recomputed 1 466 890 / 2 100 000 × 100 = 69,8519, within 0,055 (info), no error.
    percent = rows[rows["check"] == "TOT-% = TOT / TA × 100"].set_index("item")
    costs = percent.loc["Liikunta- ja nuorisopalvelut / M E N O T (ulkoiset) / TOT-%"]
    assert costs["recomputed"] == pytest.approx(1_466_890 / 2_100_000 * 100)
    assert (costs["severity"], costs["tolerance"]) == ("info", pytest.approx(0.055))
    assert set(percent.drop(costs.name)["severity"]) == {"ok"}
    assert len(percent) == 11  # 12 rows, of which Sisäiset tulot 0 / 0 prints no M %
    assert "error" not in set(rows["severity"])


def test_items_carry_the_printed_headers_and_a_real_printout_error_is_found(fixtures):
    # Ylöjärvi 31.10.2012: the printed total use -1 119 956 against the units'
    # -606 811 - 44 975 - 17 871 - 453 299 = -1 122 956.
    _, tables = build_processed(fixtures, "ylojarvi", "2012-10-31")
    rows = tables[AUDIT.name].set_index("item")
    total = rows.loc["NUORISOLTK / Nettomenot / Käyttö 1-10/2012"]
    assert (total["printed"], total["recomputed"]) == (-1_119_956, -1_122_956)
    assert (total["difference"], total["severity"]) == (3_000, "error")
    budget = rows.loc["NUORISOLTK / Nettomenot / TA 2012"]  # not "TA 2012 +muutos"
    assert (budget["recomputed"], budget["severity"]) == (-1_470_124, "ok")
    # Erotus: -44 975 - (-55 054) = 10 079 as printed.
    change = rows.loc["Erityisnuorisotyö / Nettomenot / muutos"]
    assert (change["printed"], change["recomputed"], change["severity"]) == (10_079, 10_079, "ok")
    assert list(tables[AUDIT.name]["severity"]).count("error") == 1


def test_a_key_figure_printed_outside_its_series_unit_is_an_error_finding():
    # HYTE-kerroin per resident in 2023 and 2024 but per pupil in 2022: 2022 is flagged, and a
    # figure with two units every year (Varhaiskasvatus) is not.
    figures = pd.DataFrame(
        {
            "figure": ["HYTE-kerroin"] * 3 + ["Varhaiskasvatus"] * 4,
            "year": [2022, 2023, 2024, 2023, 2023, 2024, 2024],
            "unit_of_measure": ["€/oppilas", "€/asukas", "€/asukas"]
            + ["€/asukas", "€/lapsi", "€/asukas", "€/lapsi"],
            "value": [169.53, 20.6, 20.6, 439.0, 12_169.0, 441.0, 12_300.0],
            "source_file": ["tunnusluvut.csv"] * 7,
        }
    )
    found = audit.key_figure_unit_checks(figures)
    assert len(found) == 1
    assert found[0] == {
        "file": "tunnusluvut.csv",
        "item": "HYTE-kerroin / 2022 / €/oppilas",
        "check": "yhtenäinen mittayksikkö",
        "printed": 169.53,
        "recomputed": found[0]["recomputed"],
        "difference": found[0]["difference"],
        "tolerance": 0.0,
        "severity": "error",
        "note": "yksikköristiriita: HYTE-kerroin on muina vuosina €/asukas, mutta vuodelle "
        "2022 painettu €/oppilas; luku ei ole vertailukelpoinen eikä sitä näytetä "
        "tunnuslukuna (tarkistettava lähteestä)",
    }
    assert math.isnan(found[0]["recomputed"]) and math.isnan(found[0]["difference"])
    assert audit.key_figure_unit_checks(figures[figures["year"] > 2022]) == []


def test_a_total_may_carry_the_euro_sign_only_in_a_euro_column():
    table = pd.DataFrame({"v": [1.0, 2.0]})
    euros = pd.DataFrame({"Kustannus, €": ["3 €"], "source_file": ["h.csv"]})
    [row] = audit.total_checks(table, euros, "v", "Kustannus, €")
    assert (row["item"], row["printed"], row["recomputed"], row["severity"]) == (
        "Yhteensä / Kustannus, €",
        3.0,
        3.0,
        "ok",
    )
    people = pd.DataFrame({"Henkilöt": ["3 €"], "source_file": ["h.csv"]})
    with pytest.raises(ValueError, match="currency sign '€' found; expected a plain number"):
        audit.total_checks(table, people, "v", "Henkilöt")


# --- Printed columns whose measure the suite recomputed; the change column -------------------


def test_key_figures_outside_their_series_unit_in_print_order_with_every_series_unit():
    # Varhaiskasvatus is printed first, per resident and per child in 2023 and 2024, per pupil
    # only in 2022; HYTE-kerroin after it, per resident but per pupil in 2022. Both 2022 rows
    # are flagged, in print order, and the two-unit series is named with both units.
    figures = pd.DataFrame(
        {
            "figure": ["Varhaiskasvatus"] * 5 + ["HYTE-kerroin"] * 3,
            "year": [2023, 2023, 2024, 2024, 2022, 2022, 2023, 2024],
            "unit_of_measure": ["€/asukas", "€/lapsi", "€/asukas", "€/lapsi", "€/oppilas"]
            + ["€/oppilas", "€/asukas", "€/asukas"],
            "value": [439.0, 12_169.0, 441.0, 12_300.0, 9_000.0, 169.53, 20.6, 20.6],
            "source_file": ["tunnusluvut.csv"] * 8,
        }
    )
    found = audit.key_figure_unit_checks(figures)
    assert [row["item"] for row in found] == [
        "Varhaiskasvatus / 2022 / €/oppilas",
        "HYTE-kerroin / 2022 / €/oppilas",
    ]
    assert found[0]["note"].startswith(
        "yksikköristiriita: Varhaiskasvatus on muina vuosina €/asukas / €/lapsi, mutta "
        "vuodelle 2022 painettu €/oppilas"
    )
    # Nothing flagged: an empty table with the added column.
    none = audit.inconsistent_key_figure_units(figures[figures["year"] > 2022])
    assert none.empty and list(none.columns) == [*figures.columns, "series_unit"]


def test_finding_frame_exact_within_a_billionth_and_no_note_when_all_are_defined():
    # 0,125 and 0,125 + 10⁻¹² round to 0,12 and 0,13 at two decimals, but differ by less than
    # 10⁻⁹: an exact match. Every value is defined, so no row has a note.
    frame = audit.finding_frame("t.csv", ["a", "b"], "c", [0.125, 5], [0.125 + 1e-12, 9], 3, 2)
    assert list(frame["severity"]) == ["ok", "error"]
    assert list(frame["note"]) == ["", ""]
