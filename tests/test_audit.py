"""The audit on the embedded data and on deliberately corrupted copies.

The expected errors are read from the source report: the investment table prints its
Poikkeama as -270 000 although TA -270 000 minus the actual -9 940 is -260 060, and the
project table's printed total 1 320 392 € is not the sum of its 20 rows (1 328 170,03 €).
"""

import pandas as pd
import pytest

from helpers.audit import SEVERITIES, finding
from helpers.catalog import AUDIT
from helpers.clean import build_processed

PERIOD = "2024-06-30"


@pytest.fixture(scope="module")
def audit_rows():
    from conftest import RAW

    _, tables = build_processed(RAW, "heinola", PERIOD)
    return tables[AUDIT.name]


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


def test_rounding_differences_are_info_not_errors(audit_rows):
    # Printed Toimintatuotot TOT 2024 1 196 238; its four lines add up to 1 196 237.
    row = audit_rows[
        audit_rows["item"] == "Hyvinvointilautakunnan toimiala / Toimintatuotot / TOT 2024 6 kk"
    ].iloc[0]
    assert (row["printed"], row["recomputed"], row["severity"]) == (1_196_238, 1_196_237, "info")


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


def test_severity_rules():
    assert finding("f", "i", "c", 100, 100, 3)["severity"] == "ok"
    assert finding("f", "i", "c", 100, 98, 3)["severity"] == "info"
    assert finding("f", "i", "c", 100, 96, 3)["severity"] == "error"
    assert finding("f", "i", "c", 50.58, 50.5782, 0.01, decimals=2)["severity"] == "ok"
    assert finding("f", "i", "c", 0, float("nan"), 0.01)["severity"] == "info"
    assert finding("f", "i", "c", 12, float("nan"), 0.01)["severity"] == "error"


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
