"""Where the statement's numbers come from (``helpers.report.provenance``): the raw file's
column header each measure traces to, what the suite computed or derived, and the notes the
board reads about what the source did not print.

Small SYNTHETIC statements are built here in the processed income statement's tidy shape; one
test reads the embedded statement and its raw CSV header.
"""

from __future__ import annotations

import pandas as pd
from conftest import STATEMENT_CSV
from report_data import embedded, plain

from helpers.report import provenance as pv

NAN = float("nan")
DEPARTMENT, AREA = "Toimiala", "Palvelualue A"


def row(unit, measure, amount, origin="printed", header=None, line="Toimintakate", **extra):
    year = 2023 if measure in ("tp", "tot_prior") else 2024
    months = 12 if measure in ("tp", "ta") else 6
    headers = {
        "tp": "TP 2023",
        "tot_prior": "TOT 2023 6 kk",
        "ta": "TA 2024 +muutos",
        "tot": "TOT 2024 6 kk",
    }
    return {
        "unit": unit,
        "line": line,
        "measure": measure,
        "year": year,
        "months": months,
        "amount": amount,
        "header": header or headers[measure],
        "origin": origin,
        "amount_low": extra.get("low", NAN),
        "amount_high": extra.get("high", NAN),
    }


def statement(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def full_area() -> list[dict]:
    return [row(AREA, m, a) for m, a in (("tp", -90.0), ("tot_prior", -40.0), ("ta", -100.0))] + [
        row(AREA, "tot", -50.0)
    ]


# --- the raw file's columns ---------------------------------------------------------------


def test_the_embedded_measures_trace_to_the_raw_csvs_own_headers():
    header = STATEMENT_CSV.read_text(encoding="utf-8").splitlines()[0].split(";")
    # The raw file prints: Yksikkö;Rivi;TP 2023;TOT 2023 6 kk;TA 2024 +muutos;TOT 2024 6 kk;…
    assert header[2:6] == ["TP 2023", "TOT 2023 6 kk", "TA 2024 +muutos", "TOT 2024 6 kk"]
    labels = pv.origin_of(embedded().dataset("income_statement"))
    assert labels == {"tp": "TP 2023", "tot_prior": "TOT 2023 6 kk", "ta": "TA 2024 +muutos"} | {
        "tot": "TOT 2024 6 kk"
    }
    # Every measure printed: no note about missing columns.
    assert pv.absent_note(embedded().dataset("income_statement")) is None


def test_a_measure_only_computed_or_derived_is_marked_so():
    tidy = statement(
        row(AREA, "tot", -50.0),
        row(AREA, "ta", -100.0, origin="derived", header="TA 2024", low=-100.2, high=-99.8),
        row(AREA, "tp", -90.0, origin="computed", header="TP 2023"),
    )
    assert pv.origin_of(tidy) == {
        "tp": "TP 2023 (laskettu)",
        "ta": "TA 2024 (johdettu)",
        "tot": "TOT 2024 6 kk",
    }


def test_one_printed_row_is_enough_for_the_printed_header():
    # A subtotal the suite replaced is computed, but the column itself was printed.
    tidy = statement(
        row(AREA, "tot", -50.0, origin="computed", header="TOT 2024 6 kk"),
        row(AREA, "tot", -20.0, origin="printed", header="TOT 1-6kk", line="Henkilöstökulut"),
    )
    assert pv.origin_of(tidy) == {"tot": "TOT 1-6kk"}


# --- what the source did not print --------------------------------------------------------


def test_absent_measures_are_named_with_the_label_they_would_have_had():
    tidy = statement(row(AREA, "ta", -100.0), row(AREA, "tot", -50.0))
    assert pv.absent_measures(tidy) == ["tp", "tot_prior"]
    # The current TOT is 2024, 6 months: last year's columns are TP 2023 and TOT 2023 6 kk.
    assert pv.absent_label(tidy, "tp") == "TP 2023"
    assert pv.absent_label(tidy, "tot_prior") == "TOT 2023 6 kk"
    assert plain(pv.absent_note(tidy)) == (
        "Lähde ei tulosta edellisen vuoden tilinpäätöstä (TP 2023) eikä edellisen vuoden "
        "toteumaa samalta ajalta (TOT 2023 6 kk): taulukoissa niiden paikalla lukee "
        "”ei tietoa”, eikä niistä laskettuja vertailuja (kuten muutosta edellisestä vuodesta) "
        "esitetä."
    )


def test_one_absent_measure_is_spoken_of_in_the_singular():
    tidy = statement(*[r for r in full_area() if r["measure"] != "tp"])
    assert plain(pv.absent_note(tidy)) == (
        "Lähde ei tulosta edellisen vuoden tilinpäätöstä (TP 2023): taulukoissa sen paikalla "
        "lukee ”ei tietoa”, eikä siitä laskettuja vertailuja (kuten muutosta edellisestä "
        "vuodesta) esitetä."
    )


def test_three_absent_measures_are_listed_with_commas_and_eika():
    tidy = statement(row(AREA, "tot", -50.0))
    note = pv.absent_note(tidy)
    assert note.startswith(
        "Lähde ei tulosta edellisen vuoden tilinpäätöstä (TP 2023), edellisen vuoden toteumaa "
        "samalta ajalta (TOT 2023 6 kk) eikä talousarviota (TA 2024):"
    )


# --- units the suite summed ---------------------------------------------------------------


def test_a_department_without_printed_rows_is_computed_and_titled_so():
    tidy = statement(
        *full_area(),
        row(DEPARTMENT, "ta", -100.0, origin="computed"),
        row(DEPARTMENT, "tot", -50.0, origin="computed"),
    )
    assert pv.is_computed_unit(tidy, DEPARTMENT)
    assert not pv.is_computed_unit(tidy, AREA)
    assert pv.unit_title(tidy, DEPARTMENT, "Koko toimiala") == (
        "Koko toimiala yhteensä (laskettu yksiköiden summana)"
    )
    assert pv.unit_title(tidy, AREA, "A") == "A"
    assert pv.computed_note(tidy, DEPARTMENT, "Koko toimiala") == (
        "Lähde ei tulosta rivejä Koko toimiala: luvut ovat palvelualueiden summia, jotka "
        "raportti on laskenut."
    )
    assert pv.computed_note(tidy, AREA, "A") is None


def test_a_unit_with_some_computed_subtotals_is_still_printed():
    # As in the embedded data: HYTE's Vuosikate and Tilikauden tulos are computed, the rest
    # printed.
    tidy = statement(*full_area(), row(AREA, "tot", -50.0, origin="computed", line="Vuosikate"))
    assert not pv.is_computed_unit(tidy, AREA)
    hyte = "Hyvinvoinnin ja terveyden edistäminen"
    assert not pv.is_computed_unit(embedded().dataset("income_statement"), hyte)


def test_no_statement_or_an_unknown_unit_is_not_computed():
    assert not pv.is_computed_unit(pd.DataFrame(), AREA)
    assert not pv.is_computed_unit(statement(*full_area()), "Ei tällaista")


# --- derived budgets ----------------------------------------------------------------------


def derived_statement() -> pd.DataFrame:
    # TOT −50 000 printed with TOT-% 50,0: TA = −50 000 ÷ 50,0 × 100 = −100 000; the printed
    # percent 50,0 stands for 49,95…50,05, so TA lies in −100 100,10 … −99 900,10.
    return statement(
        row(AREA, "tot", -50_000.0),
        row(
            AREA,
            "ta",
            -100_000.0,
            origin="derived",
            header="TA 2024",
            low=-100_100.1,
            high=-99_900.1,
        ),
        row(DEPARTMENT, "tot", -60_000.0),
        row(DEPARTMENT, "ta", -120_000.0),
    )


def test_derived_budgets_lists_only_derived_ta_rows_of_the_unit():
    rows = pv.derived_budgets(derived_statement())
    assert rows.to_dict("records") == [
        {
            "unit": AREA,
            "line": "Toimintakate",
            "amount": -100_000.0,
            "amount_low": -100_100.1,
            "amount_high": -99_900.1,
        }
    ]
    assert pv.derived_budgets(derived_statement(), DEPARTMENT).empty


def test_derived_note_states_the_rule_and_the_range_rounding_allows():
    note = plain(pv.derived_note(derived_statement(), AREA))
    assert note == (
        "TA (johdettu): lähde ei tulosta talousarviota, joten se on johdettu toteumasta ja "
        "painetusta toteumaprosentista (TA = TOT ÷ TOT-% × 100). Painetun prosentin ja "
        "toteuman pyöristys sallii välin: Toimintakate -100 000 € "
        "(väli -100 100 € … -99 900 €)."
    )
    assert pv.derived_note(derived_statement(), DEPARTMENT) is None


# --- the sources section's column list ---------------------------------------------------


def test_source_columns_name_each_column_and_fill_the_entitys_header_patterns():
    tidy = statement(
        row(AREA, "tot", -50.0, header="TOT 1-6kk"),
        row(AREA, "ta", -100.0, origin="derived", header="TA 2024"),
    )
    aliases = {"percent": ("M %",), "change": ("Erotus {prior_year}/{year}", "TOT-{yy} %")}
    assert pv.source_columns(tidy, aliases) == (
        "TP 2023: edellisen vuoden tilinpäätös, ei lähteessä (ei tietoa)",
        "TOT 2023 6 kk: edellisen vuoden toteuma samalta ajalta, ei lähteessä (ei tietoa)",
        "TA 2024 (johdettu): talousarvio, lähde ei tulosta, johdettu toteumasta ja painetusta "
        "toteumaprosentista",
        "TOT 1-6kk: kuluvan vuoden toteuma",
        "M %: toteumaprosentti: tarkistetaan painetulla tarkkuudella, raportti laskee TOT-% "
        "uudelleen",
        "Erotus 2023/2024: muutos edellisestä vuodesta: tarkistetaan",
        "TOT-24 %: muutos edellisestä vuodesta: tarkistetaan",
    )


def test_a_computed_measure_says_it_was_computed_from_printed_columns():
    tidy = statement(row(AREA, "tot", -50.0), row(AREA, "ta", -100.0, origin="computed"))
    assert pv.source_columns(tidy, {})[2] == (
        "TA 2024 +muutos (laskettu): talousarvio, lähde ei tulosta, laskettu painetuista "
        "sarakkeista"
    )


def test_sign_texts_per_convention():
    assert pv.sign_text("income_positive").startswith("Lähde tulostaa tuotot positiivisina")
    assert "raportti kääntää etumerkit" in pv.sign_text("costs_positive")
    assert "kääntää kulujen ja nettorivin etumerkit" in pv.sign_text("all_positive")
    # A net-margin-only table prints no income: its text speaks of net costs only.
    net = pv.sign_text("costs_positive", net_only=True)
    assert net.startswith("Lähde tulostaa nettokustannukset positiivisina") and "tuot" not in net
    assert pv.sign_text("income_positive", True) == (
        "Lähde tulostaa nettokustannukset negatiivisina kuten raportti."
    )
