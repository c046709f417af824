"""The HYTE coefficient in euros, the key-figure unit audit and year-on-year signs, against
hand arithmetic on the source report's figures."""

import numpy as np
import pandas as pd
import pytest
from conftest import RAW

from helpers.audit import inconsistent_key_figure_units, key_figure_unit_checks
from helpers.clean import build_processed
from helpers.income_statement import ACTUAL_YTD, BUDGET, PRIOR_YEAR, PRIOR_YTD
from helpers.indicators import budget_realisation, change_percent

POPULATION = 17_953


@pytest.fixture(scope="module")
def data():
    return build_processed(RAW, "heinola", "2024-06-30")


# --- The key-figure unit audit -----------------------------------------------------------------


def test_hyte_per_pupil_is_flagged_as_a_unit_inconsistency(data):
    _, tables = data
    findings = key_figure_unit_checks(tables["key_figures"])
    assert len(findings) == 1
    finding = findings[0]
    assert finding["item"] == "HYTE-kerroin / 2022 / €/oppilas"
    assert finding["printed"] == 169.53 and finding["severity"] == "error"
    assert "yksikköristiriita" in finding["note"] and "€/asukas" in finding["note"]
    assert finding["file"] == "tunnusluvut.csv"
    audit = tables["audit"]
    assert (audit["item"] == "HYTE-kerroin / 2022 / €/oppilas").sum() == 1


def test_two_units_every_year_are_one_consistent_series():
    figures = pd.DataFrame(
        {
            "figure": ["F"] * 5 + ["G"] * 2,
            "unit_of_measure": ["€/asukas", "€/lapsi"] * 2 + ["€/lapsi", "%", "%"],
            "year": [2022, 2022, 2023, 2023, 2024, 2023, 2024],
            "value": [1.0] * 7,
            "source_file": ["t.csv"] * 7,
        }
    )
    # F: €/asukas and €/lapsi in 2022–2023, only €/lapsi in 2024 (still in the series).
    assert inconsistent_key_figure_units(figures).empty
    odd = figures.copy()
    odd.loc[4, "unit_of_measure"] = "€/oppilas"  # F 2024 only in a unit never used before
    flagged = inconsistent_key_figure_units(odd)
    assert list(flagged["year"]) == [2024] and list(flagged["unit_of_measure"]) == ["€/oppilas"]


# --- Year-on-year change: € and % agree in sign ------------------------------------------------


def _statement(rows):
    records = []
    for unit, line, prior_ytd, actual in rows:
        for measure, amount in (
            (PRIOR_YEAR, prior_ytd * 2),
            (PRIOR_YTD, prior_ytd),
            (BUDGET, actual * 2),
            (ACTUAL_YTD, actual),
        ):
            records.append(
                {
                    "unit": unit,
                    "line": line,
                    "measure": measure,
                    "year": 2023 if measure in (PRIOR_YEAR, PRIOR_YTD) else 2024,
                    "months": 6 if measure in (PRIOR_YTD, ACTUAL_YTD) else 12,
                    "amount": float(amount),
                }
            )
    return pd.DataFrame(records)


def test_cost_and_income_lines_change_with_the_same_sign_in_euros_and_percent():
    table = budget_realisation(
        _statement(
            [
                ("A", "Costs", -100.0, -110.0),  # costs grew by 10: −10 €, −10 %
                ("A", "Income", 100.0, 110.0),  # income grew by 10: +10 €, +10 %
                ("A", "Savings", -200.0, -150.0),  # costs fell by 50: +50 €, +25 %
                ("A", "New", 0.0, -5.0),  # nothing last year: no percentage
            ]
        )
    ).set_index("line")
    assert (table.loc["Costs", "change_eur"], table.loc["Costs", "change_pct"]) == (-10, -10)
    assert (table.loc["Income", "change_eur"], table.loc["Income", "change_pct"]) == (10, 10)
    assert table.loc["Savings", "change_pct"] == 25
    assert np.isnan(table.loc["New", "change_pct"])


def test_department_net_margin_change_is_positive_in_both_columns(data):
    _, tables = data
    table = budget_realisation(tables["income_statement"])
    net = table.set_index(["unit", "line"]).loc[("Hyvinvointilautakunnan toimiala", "Toimintakate")]
    # TOT 2024 −15 134 455 against TOT 2023 −15 822 824: +688 369 € and
    # 688 369 ÷ 15 822 824 = +4,35 % (the report printed −4,35 % beside +688 369 €).
    assert net["change_eur"] == 688_369
    assert net["change_pct"] == pytest.approx(688_369 / 15_822_824 * 100)
    changed = table[(table["change_eur"] != 0) & table["change_pct"].notna()]
    assert (np.sign(changed["change_eur"]) == np.sign(changed["change_pct"])).all()


def test_change_percent_of_a_zero_year_is_undefined():
    result = change_percent(pd.Series([5.0, -3.0]), pd.Series([0.0, -6.0]))
    assert np.isnan(result[0]) and result[1] == -50
