"""An export's own conventions: signs, a department without rows of its own, and the check
of the declared sign convention. Amounts are Heinola's printed ones (TOT 2024 6 kk, TA 2024)
or small round numbers; every expected value is worked out by hand."""

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.config import Line
from helpers.errors import InputDataError
from helpers.statement_conventions import (
    add_department_total,
    check_change_is_not_remaining,
    check_sign_convention,
    derive_missing,
    half_unit,
    line_sign_factors,
    to_internal_signs,
)

DEPARTMENT = "Hyvinvointilautakunnan toimiala"
HYTE, OPKOU = "Hyvinvoinnin ja terveyden edistäminen", "Opetus- ja koulutuspalvelut"
VAKA, VIRE = "Varhaiskasvatus", "Virkkeellinen elämä"
HEADERS = {"ta": ("TA 2024 +muutos", 12), "tot": ("TOT 2024 6 kk", 6)}
PATH = Path("tuloslaskelma.csv")


def rows(*records):
    """(unit, line, measure, amount[, origin, low, high]) → a tidy statement."""
    out = []
    for unit, line, measure, amount, *given in records:
        origin, low, high = given + ["printed", math.nan, math.nan][len(given) :]
        header, months = HEADERS[measure]
        out.append((unit, line, measure, 2024, months, float(amount), header, origin, low, high))
    columns = ["unit", "line", "measure", "year", "months", "amount", "header", "origin"]
    return pd.DataFrame(out, columns=[*columns, "amount_low", "amount_high"])


def declared(config, convention, **changes):
    return dataclasses.replace(
        config, sign_convention=convention, sign_convention_declared=True, **changes
    )


def test_costs_positive_amounts_are_negated_and_percentages_kept(heinola):
    values = pd.DataFrame(
        {
            "line": ["Toimintakulut", "Toimintatuotot"],
            "ta": [-260_000.0, 0.0],
            "remaining": [104_350.0, 5.0],
            "percent": [59.87, 1.0],
        }
    )
    keys = ["ta", "remaining", "percent"]
    out = to_internal_signs(values, keys, declared(heinola, "costs_positive"))
    assert out["ta"].tolist() == [260_000, 0] and out["remaining"].tolist() == [-104_350, -5]
    assert out["percent"].tolist() == [59.87, 1.0]
    assert math.copysign(1, out.loc[1, "ta"]) == 1  # zero stays 0, never "-0"
    same = to_internal_signs(values, keys, heinola)
    pd.testing.assert_frame_equal(same, values)
    assert values.loc[0, "ta"] == -260_000  # the input is not modified


# Heinola's statement down to its net margin: Toimintatuotot adds up four lines, Toimintakulut
# five, Toimintakate = Toimintatuotot + Toimintakulut.
INCOME_SIDE = ["Myyntituotot", "Maksutuotot", "Tuet ja avustukset", "Muut toimintatuotot"]
COST_SIDE = [
    "Henkilöstökulut",
    "Palvelujen ostot",
    "Aineet, tarvikkeet ja tavarat",
    "Avustukset",
    "Muut toimintakulut",
]


def all_positive(heinola, **changes):
    operating = tuple(line for line in heinola.lines if line.name != "Rahoitustuotot ja -kulut")
    operating = operating[: [line.name for line in operating].index("Toimintakate") + 1]
    return declared(heinola, "all_positive", **{"lines": operating, **changes})


def test_all_positive_negates_the_cost_side_and_the_net_line_at_every_depth(heinola):
    factors = line_sign_factors(all_positive(heinola))
    assert factors == {
        **dict.fromkeys([*INCOME_SIDE, "Toimintatuotot", "TULOT"], 1.0),
        **dict.fromkeys([*COST_SIDE, "Toimintakulut", "Toimintakate", "MENOT", "NETTO"], -1.0),
    }
    summary_rows = ["TULOT", "MENOT", "NETTO"]
    assert line_sign_factors(heinola) == dict.fromkeys([*heinola.line_names, *summary_rows], 1.0)
    assert set(line_sign_factors(declared(heinola, "costs_positive")).values()) == {-1.0}


def test_an_all_positive_export_reads_as_the_suites_signs(heinola):
    # Printed all positive: tuotot 1 000, kulut 4 000, netto (kulut − tuotot) 3 000 with a
    # Jäljellä of 500 € of unspent costs and a TOT-% of 60.
    values = pd.DataFrame(
        {
            "line": ["Toimintatuotot", "Henkilöstökulut", "Toimintakate"],
            "tot": [1_000.0, 4_000.0, 3_000.0],
            "remaining": [-100.0, 500.0, 600.0],
            "percent": [110.0, 80.0, 60.0],
        }
    )
    out = to_internal_signs(values, ["tot", "remaining", "percent"], all_positive(heinola))
    assert out["tot"].tolist() == [1_000, -4_000, -3_000]  # 1 000 − 4 000 = −3 000
    assert out["remaining"].tolist() == [-100, -500, -600]
    assert out["percent"].tolist() == [110, 80, 60]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({}, "line 'Rahoitustuotot ja -kulut' is on neither side (income: 'Toimintatuotot'"),
        (
            {"roles": {"net_margin": "Toimintakate", "costs": "Toimintakulut"}},
            "but the roles income are not declared;",
        ),
        ({"roles": {"net_margin": "Toimintakate"}}, "but the roles income, costs are not"),
    ],
)
def test_an_all_positive_line_that_cannot_be_placed_stops(heinola, change, why):
    config = declared(heinola, "all_positive", **change)
    with pytest.raises(InputDataError) as error:
        line_sign_factors(config)
    assert why in error.value.reason
    assert (error.value.file, error.value.column) == (str(heinola.source), "sign_convention")


def test_an_all_positive_line_on_both_sides_stops(heinola):
    config = all_positive(heinola)
    both = Line("Toimintakulut", sum_of=(*COST_SIDE, "Myyntituotot"))
    lines = tuple(both if line.name == "Toimintakulut" else line for line in config.lines)
    with pytest.raises(InputDataError) as error:
        line_sign_factors(dataclasses.replace(config, lines=lines))
    assert error.value.reason == (
        "sign_convention 'all_positive' negates the cost side of the statement, but line "
        "'Myyntituotot' is on both sides (income: 'Toimintatuotot' and its parts; costs: "
        "'Toimintakulut' and its parts, and the net line 'Toimintakate'); declare the roles "
        "income and costs, with every other line a part of one of them or the net line, or "
        "enter the export's signs as income_positive or costs_positive"
    )


def test_half_unit_of_the_printed_decimals():
    assert half_unit(0) == 0.5 and half_unit(1) == pytest.approx(0.05)
    assert half_unit(2) == pytest.approx(0.005)


def test_a_missing_budget_is_recomputed_from_jaljella_or_derived_from_tot_percent():
    # TOT printed in whole euros (±0,5), TOT-% with one decimal (±0,05).
    values = pd.DataFrame(
        {
            "tot": [600.0, 51.0, -251.0, 2.0, 30.0, 40.0],
            "remaining": [400.0, math.nan, math.nan, math.nan, math.nan, math.nan],
            "percent": [70.0, 50.0, 25.0, 0.1, 0.0, math.nan],
        }
    )
    out = derive_missing(values, {"tot": 0, "remaining": 0, "percent": 1})
    assert list(out.columns) == [*values.columns, "ta", "ta_origin", "ta_low", "ta_high"]
    pd.testing.assert_frame_equal(out[values.columns], values)
    expected = pd.DataFrame(
        {
            # 600 + 400 (Jäljellä wins over TOT-%); 51 / 50 % = 102; −251 / 25 % = −1 004;
            # 2 / 0,1 % = 2 000; a TOT-% of 0 or none gives nothing.
            "ta": [1_000.0, 102.0, -1_004.0, 2_000.0, math.nan, math.nan],
            "ta_origin": ["computed", "derived", "derived", "derived", "", ""],
            # The range: TOT ± 0,5 over TOT-% ∓ 0,05, at either end.
            "ta_low": [math.nan, 5_050 / 50.05, -25_150 / 24.95, 150 / 0.15, math.nan, math.nan],
            "ta_high": [math.nan, 5_150 / 49.95, -25_050 / 25.05, 250 / 0.05, math.nan, math.nan],
        }
    )
    pd.testing.assert_frame_equal(out[expected.columns], expected)


def test_an_empty_statement_still_gets_numeric_budget_columns():
    # An export with no rows: its TA and range are empty amounts, not empty objects.
    values = pd.DataFrame({"tot": [], "percent": []}, dtype="float64")
    out = derive_missing(values, {"tot": 0, "percent": 2})
    assert out.empty and out[["ta", "ta_low", "ta_high"]].dtypes.eq("float64").all()


def test_last_years_actual_is_recomputed_from_the_printed_change():
    values = pd.DataFrame(
        {"ta": [1_000.0, 500.0], "tot": [600.0, 250.0], "change": [-40.0, math.nan]}
    )
    out = derive_missing(values, {"ta": 0, "tot": 0, "change": 0})
    # change = TOT − last year's TOT, so last year's TOT = 600 − (−40) = 640; none without it.
    expected = values.assign(tot_prior=[640.0, math.nan], tot_prior_origin=["computed", ""])
    pd.testing.assert_frame_equal(out, expected)
    # A printed TA and last year's TOT stay as printed, with no origin or range columns.
    printed = values.assign(tot_prior=[700.0, 300.0])
    pd.testing.assert_frame_equal(derive_missing(printed, {}), printed)
    assert printed.columns.tolist() == ["ta", "tot", "change", "tot_prior"]  # input untouched


def by_line(tidy, unit=DEPARTMENT):
    own = tidy[tidy["unit"] == unit]
    return {(line, m): amount for line, m, amount in own[["line", "measure", "amount"]].values}


def test_a_department_without_rows_is_the_sum_of_its_areas(heinola):
    tidy = rows(
        # Myyntituotot TOT 2024 6 kk as printed: 111 668 + 191 397 + 13 280 + 13 064.
        (HYTE, "Myyntituotot", "tot", 111_668),
        (OPKOU, "Myyntituotot", "tot", 191_397),
        (VAKA, "Myyntituotot", "tot", 13_280),
        (VIRE, "Myyntituotot", "tot", 13_064),
        # Only VAKA prints Maksutuotot: the others count zero.
        (VAKA, "Maksutuotot", "tot", 155_650),
        (VAKA, "Maksutuotot", "ta", 260_000),
        # HYTE prints TA and TOT of Avustukset, VIRE only TOT: no partial TA sum.
        (HYTE, "Avustukset", "ta", -100),
        (HYTE, "Avustukset", "tot", -40),
        (VIRE, "Avustukset", "tot", -10),
    )
    out = add_department_total(tidy, heinola)
    assert out.iloc[: len(tidy)].equals(tidy)  # the areas' rows are kept as they were
    assert by_line(out) == {
        ("Myyntituotot", "tot"): 329_409,
        ("Maksutuotot", "tot"): 155_650,
        ("Maksutuotot", "ta"): 260_000,
        ("Avustukset", "tot"): -50,
    }
    department = out[out["unit"] == DEPARTMENT]
    assert set(department["origin"]) == {"computed"}
    assert department["amount_low"].isna().all() and department["amount_high"].isna().all()
    assert department.set_index(["line", "measure"]).loc[("Maksutuotot", "ta"), "header"] == (
        "TA 2024 +muutos"
    )


def test_a_derived_area_budget_makes_the_department_derived_with_the_summed_range(heinola):
    tidy = rows(
        (VAKA, "Toimintakate", "ta", -1_000, "derived", -1_010, -990),
        (VIRE, "Toimintakate", "ta", -500),  # printed: its range is the amount itself
    )
    total = add_department_total(tidy, heinola).iloc[-1]
    assert (total["unit"], total["origin"], total["amount"]) == (DEPARTMENT, "derived", -1_500)
    assert (total["amount_low"], total["amount_high"]) == (-1_510, -1_490)


def test_a_printed_department_or_no_areas_leave_the_statement_as_it_is(heinola):
    printed = rows((DEPARTMENT, "Myyntituotot", "tot", 329_408), (VAKA, "Myyntituotot", "tot", 1))
    assert add_department_total(printed, heinola) is printed
    nothing = rows((DEPARTMENT, "Myyntituotot", "tot", 5)).iloc[:0]
    assert add_department_total(nothing, heinola) is nothing


def printed_rows(*records):
    return pd.DataFrame(records, columns=["unit", "line", "row"])


def test_signs_as_declared_pass(heinola):
    tidy = rows(
        (VAKA, "Toimintatuotot", "ta", 266_266),
        (VAKA, "Toimintakulut", "ta", -8_180_166),
        (VAKA, "Toimintatuotot", "tot", -1),  # TA decides when it is there
        (HYTE, "Toimintatuotot", "ta", 0),  # zero is neither sign
    )
    assert check_sign_convention(tidy, printed_rows(), heinola, PATH) is None


def test_budgeted_income_below_zero_stops_the_run(heinola):
    tidy = rows(
        (VAKA, "Toimintatuotot", "ta", 266_266),
        (VIRE, "Toimintatuotot", "ta", -1_234_567),
    )
    printed = printed_rows((VAKA, "Toimintatuotot", 5), (VIRE, "Toimintatuotot", 9))
    with pytest.raises(InputDataError) as error:
        check_sign_convention(tidy, printed, heinola, PATH)
    assert str(error.value) == (
        "file tuloslaskelma.csv, row 9, column 'TA 2024 +muutos': the income line "
        "'Toimintatuotot' of 'Virkkeellinen elämä' is -1 234 567 €, but under sign_convention "
        "'income_positive' (income +, costs −) income ≥ 0 is expected; sign_convention is "
        "not declared, so income_positive was assumed: declare it in entity.yml "
        "(income_positive: income +, costs −; costs_positive: income −, costs +; "
        "all_positive: income +, costs +, net cost +)"
    )


def test_costs_above_zero_under_a_declared_convention(heinola):
    # Declared costs_positive: the printed 2 000 became -2 000 (fine), the printed -300 → 300.
    config = dataclasses.replace(
        heinola, sign_convention="costs_positive", sign_convention_declared=True
    )
    tidy = rows((VAKA, "Toimintakulut", "tot", -2_000), (VIRE, "Toimintakulut", "tot", 300))
    with pytest.raises(InputDataError) as error:
        check_sign_convention(tidy, printed_rows(), config, PATH)
    # No TA in the file: the actual to date is checked; no printed row found: no row number.
    assert error.value.row is None and error.value.column == "TOT 2024 6 kk"
    assert error.value.reason == (
        "the costs line 'Toimintakulut' of 'Virkkeellinen elämä' is -300 €, but under "
        "sign_convention 'costs_positive' (income −, costs +) costs ≤ 0 is expected; check "
        "sign_convention in entity.yml (income_positive: income +, costs −; costs_positive: "
        "income −, costs +; all_positive: income +, costs +, net cost +)"
    )


def test_a_printed_wrong_sign_is_reported_before_a_computed_one(heinola):
    tidy = rows(
        (DEPARTMENT, "Toimintakulut", "ta", 10, "computed"),
        (VAKA, "Toimintakulut", "ta", 20, "derived"),
        (VIRE, "Toimintakulut", "ta", 30),
    )
    with pytest.raises(InputDataError, match="of 'Virkkeellinen elämä' is 30 €"):
        check_sign_convention(tidy, printed_rows(), heinola, PATH)
    with pytest.raises(InputDataError) as error:
        check_sign_convention(tidy.iloc[:2], printed_rows(), heinola, PATH)
    assert error.value.column is None  # a computed amount has no printed column
    assert error.value.reason.startswith(
        f"the costs line 'Toimintakulut' of '{DEPARTMENT}' (computed by the suite) is 10 €"
    )
    with pytest.raises(InputDataError) as derived:
        check_sign_convention(tidy.iloc[1:2], printed_rows(), heinola, PATH)
    assert derived.value.reason.startswith(
        f"the costs line 'Toimintakulut' of '{VAKA}' (derived by the suite from TOT and TOT-%) "
        "is 20 €, but"
    )


def test_of_many_wrong_printed_rows_the_first_in_the_file_is_named(heinola):
    # 20 units, each printing its costs positive, after one computed row: the first printed
    # one is named whatever the number of rows (an unstable sort picks another from 17 on).
    units = [f"Yksikkö {n}" for n in range(1, 21)]
    tidy = rows(
        (DEPARTMENT, "Toimintakulut", "ta", 210, "computed"),
        *[(unit, "Toimintakulut", "ta", n) for n, unit in enumerate(units, start=1)],
    )
    printed = printed_rows(*[(unit, "Toimintakulut", n + 10) for n, unit in enumerate(units)])
    with pytest.raises(InputDataError) as error:
        check_sign_convention(tidy, printed, heinola, PATH)
    assert error.value.row == 10
    assert error.value.reason.startswith("the costs line 'Toimintakulut' of 'Yksikkö 1' is 1 €")


def test_a_net_margin_only_statement_is_checked_on_the_department(heinola):
    net = rows(
        (DEPARTMENT, "Toimintakate", "ta", 29_922_850),  # printed as a net income: wrong
        (VAKA, "Toimintakate", "ta", 5),  # a service area is not checked
    )
    with pytest.raises(InputDataError) as error:
        check_sign_convention(net, printed_rows((DEPARTMENT, "Toimintakate", 2)), heinola, PATH)
    assert error.value.row == 2
    assert error.value.reason.startswith(
        f"the net margin line 'Toimintakate' of '{DEPARTMENT}' is 29 922 850 €, but under "
        "sign_convention 'income_positive' (income +, costs −) a net cost ≤ 0 is expected"
    )
    assert check_sign_convention(net.iloc[1:], printed_rows(), heinola, PATH) is None
    # Without a net-margin role nothing is left to check.
    no_net = dataclasses.replace(heinola, roles={"income": "Toimintatuotot"})
    assert check_sign_convention(net, printed_rows(), no_net, PATH) is None
    # Roles passed explicitly (the summary's TULOT / MENOT) replace the entity's.
    summary = rows((DEPARTMENT, "TULOT", "ta", -5))
    with pytest.raises(InputDataError, match="the income line 'TULOT'"):
        check_sign_convention(summary, printed_rows(), heinola, PATH, {"income": "TULOT"})


def test_a_line_without_a_budget_is_checked_on_its_actual_when_another_line_has_one(heinola):
    # Lestijärvi's table (tests/fixtures/raw/lestijarvi) prints a TOT-% for the net line only,
    # so only the net line gets a (derived) TA. Income printed +1 344 under costs_positive is
    # -1 344 inside: its actual to date must stand in for the missing TA and stop the run.
    config = dataclasses.replace(
        heinola, sign_convention="costs_positive", sign_convention_declared=True
    )
    tidy = rows(
        (VAKA, "Toimintatuotot", "tot", -1_344),
        (VAKA, "Toimintakulut", "tot", -244),
        (VAKA, "Toimintakate", "tot", -14_346),
        (VAKA, "Toimintakate", "ta", -143_892, "derived", -143_969, -143_815),
    )
    printed = printed_rows((VAKA, "Toimintatuotot", 3))
    with pytest.raises(InputDataError) as error:
        check_sign_convention(tidy, printed, config, PATH)
    assert (error.value.row, error.value.column) == (3, "TOT 2024 6 kk")
    assert error.value.reason.startswith(
        "the income line 'Toimintatuotot' of 'Varhaiskasvatus' is 1 344 €, but under "
        "sign_convention 'costs_positive' (income −, costs +) income ≥ 0 is expected"
    )
    # Income entered negative (−1 344 printed, +1 344 inside) passes.
    fixed = tidy.assign(amount=tidy["amount"].where(tidy["line"] != "Toimintatuotot", 1_344.0))
    assert check_sign_convention(fixed, printed, config, PATH) is None


def test_the_departments_rows_follow_the_areas_line_order_under_a_fresh_index(heinola):
    # Lines in the statement's order (not alphabetical): Toimintatuotot before Myyntituotot.
    tidy = rows(
        (VAKA, "Toimintatuotot", "tot", 10),
        (VAKA, "Myyntituotot", "tot", 4),
        (VIRE, "Toimintatuotot", "tot", 20),
        (VIRE, "Myyntituotot", "tot", 6),
    )
    tidy.index = [7, 8, 9, 10]  # the index an earlier filter left
    out = add_department_total(tidy, heinola)
    department = out[out["unit"] == DEPARTMENT]
    assert list(department["line"]) == ["Toimintatuotot", "Myyntituotot"]
    assert list(department["amount"]) == [30, 10]
    assert list(out.index) == list(range(6))


def erotus(change, budget=(-1_000.0, -500.0, -200.0), actual=(-900.0, -520.0, -150.0)):
    """Three rows (file rows 4, 5, 6) of TA, TOT and a column read as the change."""
    return pd.DataFrame({"ta": budget, "tot": actual, "change": change})


WHOLE_EUROS = {"ta": 0, "tot": 0, "change": 0}
ERO = {"ta": "TA 2024", "tot": "TOT 2024 6 kk", "change": "Erotus"}
FILE_ROWS = np.array([4, 5, 6])


def test_a_change_column_that_is_ta_minus_tot_stops_at_its_first_row():
    # TA − TOT: −1 000 + 900 = −100, −500 + 520 = 20, −200 + 150 = −50; the first printed
    # with 1 € of rounding (−101), the second's change not printed.
    values = erotus([-101.0, np.nan, -50.0])
    with pytest.raises(InputDataError) as error:
        check_change_is_not_remaining(values, WHOLE_EUROS, PATH, ERO, FILE_ROWS)
    assert (error.value.row, error.value.column) == (4, "Erotus")
    assert error.value.reason == (
        "the column 'Erotus' is read as the change from last year (TOT − last year's TOT), "
        "but on every row it is TA − TOT, the remaining budget: declare it under headers: "
        "remaining in entity.yml, not change"
    )
    # A zero change is not compared: the first compared row is the second.
    with pytest.raises(InputDataError) as error:
        check_change_is_not_remaining(erotus([0.0, 20.0, -50.0]), WHOLE_EUROS, PATH, ERO, FILE_ROWS)
    assert error.value.row == 5


@pytest.mark.parametrize(
    "values",
    [
        # A true change, TOT − last year's (−880, −500, −160): −20, −20, 10.
        erotus([-20.0, -20.0, 10.0]),
        # TA − TOT on one row only (−100), another row off by 1,6 € (over 3 × 0,5 €).
        erotus([-100.0, 21.6, np.nan]),
        # Only one row to compare: no evidence.
        erotus([-100.0, np.nan, 0.0]),
        # No TA or no change column: nothing to compare.
        erotus([-100.0, 20.0, -50.0]).drop(columns="ta"),
        erotus([-100.0, 20.0, -50.0]).drop(columns="change"),
    ],
)
def test_a_true_change_or_too_little_evidence_passes(values):
    assert check_change_is_not_remaining(values, WHOLE_EUROS, PATH, ERO, FILE_ROWS) is None


def test_the_rounding_slack_is_half_a_printed_digit_of_each_column():
    # Whole euros: 3 × 0,5 = 1,5 € is still TA − TOT; with one decimal each, 3 × 0,05 = 0,15.
    values = erotus([-101.5, 21.5, -50.0])
    with pytest.raises(InputDataError):
        check_change_is_not_remaining(values, WHOLE_EUROS, PATH, ERO, FILE_ROWS)
    tenths = {"ta": 1, "tot": 1, "change": 1}
    assert check_change_is_not_remaining(values, tenths, PATH, ERO, FILE_ROWS) is None
    close = erotus([-100.1, 20.0, -50.0])  # 0,1 € from TA − TOT: within 0,15
    with pytest.raises(InputDataError):
        check_change_is_not_remaining(close, tenths, PATH, ERO, FILE_ROWS)
