"""helpers.subtotals: the group × line arrays and the column-wise subtotal rules.

A small invented chart of lines (SYNTHETIC) keeps the sums checkable by hand:
``Tuotot = Myynti + Maksut``, ``Kulut = Palkat + Ostot``, ``Kate = Tuotot + Kulut``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers.bulk import codes
from helpers.config import Line, Unit
from helpers.income_statement import (
    read_income_statement,
    recompute_subtotals,
    with_provenance,
)
from helpers.statement_conventions import COMPUTED, DERIVED, PRINTED
from helpers.subtotals import set_subtotal, wide_statement

LINES = (
    Line("Myynti"),
    Line("Maksut"),
    Line("Tuotot", ("Myynti", "Maksut")),
    Line("Palkat"),
    Line("Ostot"),
    Line("Kulut", ("Palkat", "Ostot")),
    Line("Kate", ("Tuotot", "Kulut")),
)


@pytest.fixture
def config(heinola):
    units = (Unit("Osasto", "Osasto", "", True), Unit("Alue A", "Alue A", "A", False))
    return dataclasses.replace(heinola, units=units, lines=LINES)


def tidy(rows, measure="tot", year=2024, months=6):
    return pd.DataFrame(
        [(unit, line, measure, year, months, float(amount)) for unit, line, amount in rows],
        columns=["unit", "line", "measure", "year", "months", "amount"],
    )


def amounts(frame, unit, measure="tot"):
    part = frame[(frame["unit"] == unit) & (frame["measure"] == measure)]
    return dict(zip(part["line"], part["amount"], strict=True))


def test_subtotals_are_the_sums_of_their_parts(config):
    # Myynti 120 + Maksut 30 = Tuotot 150; Palkat -400 + Ostot -50 = Kulut -450;
    # Kate = 150 - 450 = -300. No subtotal is printed: all three are computed.
    rows = [("Osasto", "Myynti", 120), ("Osasto", "Maksut", 30), ("Osasto", "Palkat", -400)]
    rows.append(("Osasto", "Ostot", -50))
    out = recompute_subtotals(tidy(rows), config)
    assert amounts(out, "Osasto") == {
        "Myynti": 120,
        "Maksut": 30,
        "Tuotot": 150,
        "Palkat": -400,
        "Ostot": -50,
        "Kulut": -450,
        "Kate": -300,
    }
    subtotal_rows = out[out["line"].isin(["Tuotot", "Kulut", "Kate"])]
    assert set(subtotal_rows["origin"]) == {COMPUTED}
    assert set(out.loc[~out["line"].isin(["Tuotot", "Kulut", "Kate"]), "origin"]) == {PRINTED}


def test_a_printed_subtotal_off_by_more_than_the_tolerance_is_replaced(config):
    # Printed Tuotot 160 against 120 + 30 = 150: 10 € off, beyond 3 €, replaced by 150;
    # printed Kulut -452 against -450: 2 € off, kept as printed.
    rows = [("Osasto", "Myynti", 120), ("Osasto", "Maksut", 30), ("Osasto", "Tuotot", 160)]
    rows += [("Osasto", "Palkat", -400), ("Osasto", "Ostot", -50), ("Osasto", "Kulut", -452)]
    out = recompute_subtotals(tidy(rows), config, tolerance=3.0)
    got = amounts(out, "Osasto")
    assert got["Tuotot"] == 150 and got["Kulut"] == -452
    assert got["Kate"] == 150 - 452  # built from the kept values
    origin = dict(zip(out["line"], out["origin"], strict=True))
    assert origin["Tuotot"] == COMPUTED and origin["Kulut"] == PRINTED


def test_a_part_missing_for_one_measure_leaves_that_subtotal_unknown(config):
    # Alue A prints Maksut for TA but not for TOT: its TOT Tuotot cannot be summed, and so
    # neither can its TOT Kate (an unknown part, not a zero one), while its TA Tuotot can:
    # 10 + 5 = 15. The department prints every line.
    full = [("Osasto", n, 1) for n in ("Myynti", "Maksut", "Palkat", "Ostot")]
    budget = tidy([*full, ("Alue A", "Myynti", 10), ("Alue A", "Maksut", 5)], measure="ta")
    budget["months"] = 12
    actual = tidy([*full, ("Alue A", "Myynti", 7)])
    out = recompute_subtotals(pd.concat([actual, budget], ignore_index=True), config)
    area_budget = amounts(out, "Alue A", "ta")
    assert area_budget["Tuotot"] == 15
    # Palkat and Ostot: the unit prints neither, so they count as zero: Kate = 15.
    assert area_budget["Kulut"] == 0 and area_budget["Kate"] == 15
    area_actual = amounts(out, "Alue A", "tot")
    assert area_actual == {"Myynti": 7, "Kulut": 0}
    assert amounts(out, "Osasto")["Kate"] == 4  # 1 + 1 + 1 + 1


def test_a_printed_subtotal_with_a_part_missing_is_kept_as_printed(config):
    # Tuotot printed 999 while Maksut is missing for this measure: the sum is unknown, so the
    # print stands however far it is from Myynti alone.
    budget = tidy([("Osasto", "Maksut", 5)], measure="ta")
    actual = tidy([("Osasto", "Myynti", 7), ("Osasto", "Tuotot", 999)])
    out = recompute_subtotals(pd.concat([actual, budget], ignore_index=True), config)
    assert amounts(out, "Osasto")["Tuotot"] == 999


def test_an_export_printing_income_negative_gives_the_same_subtotals(tmp_path, config):
    # Printed costs positive and income negative: Myynti -120, Maksut -30, Palkat 400,
    # Ostot 50, Tuotot -150 and Kulut 450 as printed. Inside the suite income is positive:
    # Tuotot 150, Kulut -450, Kate -300 (none printed: computed).
    path = tmp_path / "tuloslaskelma.csv"
    lines = ["Yksikkö;Rivi;TOT 2024 6 kk"]
    for line, amount in [("Myynti", "-120"), ("Maksut", "-30"), ("Tuotot", "-150")]:
        lines.append(f"Osasto;{line};{amount}")
    for line, amount in [("Palkat", "400"), ("Ostot", "50"), ("Kulut", "450")]:
        lines.append(f"Osasto;{line};{amount}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    negative = dataclasses.replace(config, sign_convention="costs_positive")
    read, _ = read_income_statement(path, negative, dt.date(2024, 6, 30))
    out = amounts(recompute_subtotals(read, negative), "Osasto")
    assert out == {
        "Myynti": 120,
        "Maksut": 30,
        "Tuotot": 150,
        "Palkat": -400,
        "Ostot": -50,
        "Kulut": -450,
        "Kate": -300,
    }


def test_wide_statement_places_every_amount_in_its_group_and_line(config):
    rows = [("Osasto", "Myynti", 1), ("Alue A", "Ostot", -2), ("Osasto", "Ostot", -3)]
    frame = with_provenance(tidy(rows))
    wide = wide_statement(frame, config)
    assert wide.lines == [line.name for line in LINES]
    # Two groups (Osasto × tot, Alue A × tot) in order of appearance.
    groups = [wide.key_values["unit"][code] for code in wide.keys["unit"]]
    assert groups == ["Osasto", "Alue A"]
    osasto, area = wide.amount
    assert osasto[0] == 1 and osasto[4] == -3 and np.isnan(osasto[3])
    assert area[4] == -2 and np.isnan(area[0])
    # What each group's unit prints, for any measure: Alue A only Ostot.
    assert list(wide.prints[1]) == [False, False, False, False, True, False, False]


def test_set_subtotal_keeps_a_derived_total_whose_range_meets_the_sum(config):
    # A derived TA Tuotot of 150 ± 0.5 and parts 100 + 50.4: the sum 150.4 lies inside the
    # range, so the derived value stays (origin derived); a derived 152 ± 0.5 does not.
    frame = pd.DataFrame(
        {
            "unit": ["Osasto"] * 3 + ["Alue A"] * 3,
            "line": ["Myynti", "Maksut", "Tuotot"] * 2,
            "measure": "ta",
            "year": 2024,
            "months": 12,
            "amount": [100.0, 50.4, 150.0, 100.0, 50.4, 152.0],
            "header": "TA 2024",
            "origin": [PRINTED, PRINTED, DERIVED] * 2,
            "amount_low": [np.nan, np.nan, 149.5, np.nan, np.nan, 151.5],
            "amount_high": [np.nan, np.nan, 150.5, np.nan, np.nan, 152.5],
        }
    )
    wide = wide_statement(frame, config)
    set_subtotal(wide, 2, [0, 1], tolerance=3.0)
    assert wide.amount[0, 2] == 150.0 and wide.origins[wide.origin[0, 2]] == DERIVED
    assert wide.amount[1, 2] == pytest.approx(150.4)
    assert wide.origins[wide.origin[1, 2]] == COMPUTED


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_codes_number_values_in_order_of_first_appearance(dtype):
    values = pd.Series(["b", "a", None, "b", "c", "a"], dtype=dtype)
    column_codes, uniques = codes(values)
    assert list(column_codes) == [0, 1, -1, 0, 2, 1]
    assert list(uniques) == ["b", "a", "c"]
