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
    TIDY_COLUMNS,
    read_income_statement,
    recompute_subtotals,
    with_provenance,
)
from helpers.statement_conventions import COMPUTED, DERIVED, PRINTED
from helpers.subtotals import known_cells, set_subtotal, sorted_cells, wide_statement

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


# Myynti 120 + Maksut 30 = Tuotot 150; Palkat -400 + Ostot -50 = Kulut -450;
# Kate = 150 - 450 = -300.
SUMS = {
    "Myynti": 120,
    "Maksut": 30,
    "Tuotot": 150,
    "Palkat": -400,
    "Ostot": -50,
    "Kulut": -450,
    "Kate": -300,
}


def test_subtotals_are_the_sums_of_their_parts(config):
    # No subtotal is printed: all three are computed.
    rows = [("Osasto", "Myynti", 120), ("Osasto", "Maksut", 30), ("Osasto", "Palkat", -400)]
    rows.append(("Osasto", "Ostot", -50))
    out = recompute_subtotals(tidy(rows), config)
    assert amounts(out, "Osasto") == SUMS
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
    assert amounts(recompute_subtotals(read, negative), "Osasto") == SUMS


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


# Each measure's year, months and printed header in provenance_rows.
SPANS = {"ta": (2024, 12, "TA 2024 +muutos"), "tot": (2024, 6, "TOT 1-6kk")}


def provenance_rows(rows):
    """Tidy rows with provenance: (unit, line, measure, amount, origin, low, high)."""
    return pd.DataFrame(
        [
            (unit, line, measure, *SPANS[measure][:2], float(amount), SPANS[measure][2], origin)
            + (low, high)
            for unit, line, measure, amount, origin, low, high in rows
        ],
        columns=["unit", "line", "measure", "year", "months", "amount", "header", "origin"]
        + ["amount_low", "amount_high"],
    )


def test_recomputed_statement_is_in_print_order_with_provenance(config):
    # Given out of order: Alue A first, TOT before TA. Osasto's TA Myynti is derived
    # (100 in [99,5; 100,5]); Osasto prints Palkat and Ostot for TOT only.
    nan = np.nan
    rows = [
        ("Alue A", "Myynti", "tot", 10, PRINTED, nan, nan),
        ("Alue A", "Myynti", "ta", 20, PRINTED, nan, nan),
        ("Osasto", "Maksut", "tot", 5, PRINTED, nan, nan),
        ("Osasto", "Myynti", "tot", 7, PRINTED, nan, nan),
        ("Osasto", "Palkat", "tot", -30, PRINTED, nan, nan),
        ("Osasto", "Ostot", "tot", -4, PRINTED, nan, nan),
        ("Osasto", "Myynti", "ta", 100, DERIVED, 99.5, 100.5),
        ("Osasto", "Maksut", "ta", 50, PRINTED, nan, nan),
    ]
    out = recompute_subtotals(provenance_rows(rows), config)
    # Per unit, its lines in print order, each with (amount, origin) per measure, TA first.
    osasto = [
        ("Myynti", {"ta": (100, DERIVED), "tot": (7, PRINTED)}),
        ("Maksut", {"ta": (50, PRINTED), "tot": (5, PRINTED)}),
        # TA: a derived part makes a derived sum, 100 + 50 = 150; TOT 7 + 5 = 12.
        ("Tuotot", {"ta": (150, DERIVED), "tot": (12, COMPUTED)}),
        ("Palkat", {"tot": (-30, PRINTED)}),
        ("Ostot", {"tot": (-4, PRINTED)}),
        # -30 - 4 = -34 and 12 - 34 = -22; no TA Kulut nor Kate: Palkat and Ostot, which
        # Osasto prints for TOT, are unknown for TA.
        ("Kulut", {"tot": (-34, COMPUTED)}),
        ("Kate", {"tot": (-22, COMPUTED)}),
    ]
    # Alue A prints Myynti only (TA 20, TOT 10): its other parts count as zero.
    area = [
        ("Myynti", {"ta": (20, PRINTED), "tot": (10, PRINTED)}),
        ("Tuotot", {"ta": (20, COMPUTED), "tot": (10, COMPUTED)}),
        ("Kulut", {"ta": (0, COMPUTED), "tot": (0, COMPUTED)}),
        ("Kate", {"ta": (20, COMPUTED), "tot": (10, COMPUTED)}),
    ]
    expected = [
        (unit, line, measure, amount, origin)
        for unit, lines in (("Osasto", osasto), ("Alue A", area))
        for line, by_measure in lines
        for measure, (amount, origin) in by_measure.items()
    ]
    records = list(out.itertuples(index=False))
    assert [(r.unit, r.line, r.measure, r.amount, r.origin) for r in records] == expected
    # Every row carries its measure's year, months and printed header.
    assert [(r.year, r.months, r.header) for r in records] == [SPANS[r.measure] for r in records]
    # Only derived amounts carry a range: Myynti's own, and Tuotot's 99,5 + 50 and 100,5 + 50.
    ranged = out[out["amount_low"].notna() | out["amount_high"].notna()]
    assert ranged[["line", "amount_low", "amount_high"]].values.tolist() == [
        ["Myynti", 99.5, 100.5],
        ["Tuotot", 149.5, 150.5],
    ]
    assert str(out["amount_low"].dtype) == "float64" and str(out["year"].dtype) == "int64"


def test_an_empty_statement_gives_an_empty_statement(config):
    # No rows: no group, no cell, no subtotal, and the tidy columns all the same.
    out = recompute_subtotals(tidy([]), config)
    assert out.empty and list(out.columns) == TIDY_COLUMNS


@pytest.mark.parametrize("dtype", ["str", "string", "category"])
def test_the_texts_keep_the_dtype_they_came_in(config, dtype):
    # pandas' NaN-backed "str" or its NA-backed "string": the subtotal rows' unit and line
    # (Tuotot = 1 + 2 = 3, computed) have the same dtype as the printed rows'.
    rows = tidy([("Osasto", "Myynti", 1), ("Osasto", "Maksut", 2)])
    out = recompute_subtotals(rows.astype({"unit": dtype, "line": dtype}), config)
    assert out["line"].tolist() == ["Myynti", "Maksut", "Tuotot"]
    assert out["amount"].tolist() == [1, 2, 3]
    assert out["unit"].dtype == dtype and out["line"].dtype == dtype


@pytest.mark.parametrize("dtype", [None, "category"])
def test_lines_and_units_the_config_lacks_come_last(config, dtype):
    # As categories (in alphabetical order, "Muu" among them) or plain texts alike.
    rows = [("Alue X", "Myynti", 3), ("Osasto", "Muu", 2), ("Osasto", "Myynti", 1)]
    rows += [("Osasto", "Maksut", 0), ("Osasto", "Palkat", 0), ("Osasto", "Ostot", 0)]
    frame = tidy(rows) if dtype is None else tidy(rows).astype({"unit": dtype, "line": dtype})
    out = recompute_subtotals(frame, config)
    keys = list(zip(out["unit"], out["line"], strict=True))
    osasto = ["Myynti", "Maksut", "Tuotot", "Palkat", "Ostot", "Kulut", "Kate", "Muu"]
    assert keys[:8] == [("Osasto", line) for line in osasto]
    # Alue X prints Myynti only: Tuotot 3, Kulut 0, Kate 3, after every configured unit.
    assert keys[8:] == [("Alue X", line) for line in ("Myynti", "Tuotot", "Kulut", "Kate")]
    assert out["amount"].tolist()[8:] == [3, 3, 0, 3]


@pytest.mark.parametrize(
    ("low", "high", "kept"),
    [
        (149.5, 150.5, True),  # the sum 150.4 inside the range
        (150.4, 151.0, True),  # the range starts at the sum: they meet
        (149.0, 150.4, True),  # the range ends at the sum: they meet
        (150.5, 151.0, False),  # just above the sum
        (149.0, 150.3, False),  # just below it
    ],
)
def test_a_derived_total_is_kept_when_its_range_meets_the_sum(config, low, high, kept):
    # Parts 100 + 50.4 = 150.4 (printed, so their range is the point 150.4).
    frame = provenance_rows(
        [
            ("Osasto", "Myynti", "ta", 100, PRINTED, np.nan, np.nan),
            ("Osasto", "Maksut", "ta", 50.4, PRINTED, np.nan, np.nan),
            ("Osasto", "Tuotot", "ta", (low + high) / 2, DERIVED, low, high),
        ]
    )
    out = recompute_subtotals(frame, config).set_index("line")
    total = out.loc["Tuotot"]
    if kept:
        assert (total["amount"], total["origin"]) == ((low + high) / 2, DERIVED)
        assert (total["amount_low"], total["amount_high"]) == (low, high)
    else:
        assert total["amount"] == pytest.approx(150.4) and total["origin"] == COMPUTED
        assert np.isnan(total["amount_low"]) and np.isnan(total["amount_high"])


def test_with_provenance_labels_a_bare_statement_and_keeps_a_full_one():
    bare = pd.DataFrame(
        {
            "unit": ["Osasto"] * 4,
            "line": ["Myynti"] * 4,
            "measure": ["tp", "tot_prior", "ta", "tot"],
            "year": [2023, 2023, 2024, 2024],
            "months": [12, 3, 12, 3],
            "amount": [1.0, 2.0, 3.0, 4.0],
        }
    )
    out = with_provenance(bare)
    assert out["header"].tolist() == ["TP 2023", "TOT 2023 3 kk", "TA 2024", "TOT 2024 3 kk"]
    assert set(out["origin"]) == {PRINTED}
    assert out["amount_low"].isna().all() and out["amount_high"].isna().all()
    # No range, as in every tidy statement: float columns of NaN, not objects.
    assert str(out["amount_low"].dtype) == "float64" == str(out["amount_high"].dtype)
    assert "header" not in bare  # the caller's frame is left as it was
    full = out.assign(header="TA 2024 +muutos")
    assert with_provenance(full)["header"].tolist() == ["TA 2024 +muutos"] * 4
    # Three of the four provenance columns are not enough: all are rebuilt.
    partial = full.drop(columns=["amount_high"])
    assert with_provenance(partial)["header"].tolist()[0] == "TP 2023"


@pytest.mark.parametrize(
    ("units", "measures", "width"),
    [
        ([2, 0, 0], [0, 3, 1], 4),  # small ranks: one integer key per cell
        # Ranks whose key would pass 2**62 (2**40 × 4 × 2**21 × 3): sorted on three keys.
        ([2**40, 0, 0], [0, 2**21, 5], 4),
        # Unit rank 1 of two, 2**62 lines, one measure, three groups: (1 + 1) × 2**62 × 1 × 3
        # passes 2**62; one key (1 × 2**62 + 1) × 3 = 3 × 2**62 + 3 would wrap past 2**63 to
        # a negative number and sort that unit first.
        ([1, 0, 0], [0, 0, 0], 2**62),
    ],
)
def test_subtotal_cells_sort_by_unit_line_measure_then_group(units, measures, width):
    # Cells (group, line): (0, 1), (0, 3) of a unit ranked last; (1, 0) and (2, 2) of unit
    # rank 0: lines 0 and 2 first, then group 0's lines 1 and 3.
    groups, lines = np.array([0, 0, 1, 2]), np.array([1, 3, 0, 2])
    got = sorted_cells(groups, lines, np.array(units), np.array(measures), width)
    assert [g.tolist() for g in got] == [[1, 2, 0, 0], [0, 2, 1, 3]]


@pytest.mark.parametrize("width", [1, 2**62])
def test_subtotal_cells_of_one_unit_and_line_sort_by_measure_then_group(width):
    # Groups 0 and 2 share measure rank 1, group 1 has rank 0: 1 first, then 0 before 2.
    groups, lines = np.array([0, 1, 2]), np.array([0, 0, 0])
    got = sorted_cells(groups, lines, np.zeros(3, dtype=np.int64), np.array([1, 0, 1]), width)
    assert [g.tolist() for g in got] == [[1, 0, 2], [0, 0, 0]]
    empty = np.zeros(0, dtype=np.int64)
    assert [len(g) for g in sorted_cells(empty, empty, empty, empty, width)] == [0, 0]


def test_one_printed_line_is_kept_and_its_subtotal_left_unknown(config):
    # Myynti 5 alone: Tuotot's other part (Maksut) is printed by no unit, so Tuotot is
    # unknown, not 5; so are Kulut (no part printed) and Kate.
    out = recompute_subtotals(tidy([("Osasto", "Myynti", 5)]), config)
    assert list(zip(out["line"], out["amount"], strict=True)) == [("Myynti", 5)]
    assert out["origin"].tolist() == [PRINTED]


def test_each_year_of_a_measure_is_summed_apart(config):
    # One unit and measure in two years: Tuotot 2024 = 2 + 3 = 5. In 2023 the unit prints
    # Myynti but not Maksut, which it prints in 2024: the 2023 sum is unknown, not 1.
    rows = pd.concat(
        [
            tidy([("Osasto", "Myynti", 1)], year=2023),
            tidy([("Osasto", "Myynti", 2), ("Osasto", "Maksut", 3)], year=2024),
        ],
        ignore_index=True,
    )
    out = recompute_subtotals(rows, config)
    cells = list(zip(out["line"], out["year"], out["amount"], strict=True))
    printed = [("Myynti", 2023, 1), ("Myynti", 2024, 2), ("Maksut", 2024, 3)]
    assert cells == printed + [("Tuotot", 2024, 5)]


# Four groups × three lines; the cells are ordered by unit rank, line, measure rank, group.
KNOWN = np.array(
    [
        [True, False, True],  # group 0
        [True, True, False],  # group 1
        [False, True, True],  # group 2
        [True, False, False],  # group 3
    ]
)


@pytest.mark.parametrize(
    ("units", "measures", "groups", "lines"),
    [
        # Two units of two groups each, measures rising: read block by block, line by line.
        # Unit 0: line 0 → g0, g1; line 1 → g1; line 2 → g0. Unit 1: g3; g2; g2.
        ([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 0, 3, 2, 2], [0, 0, 1, 2, 0, 1, 2]),
        # Measures falling in unit 0 (g1 before g0 on line 0): sorted.
        ([0, 0, 1, 1], [1, 0, 0, 1], [1, 0, 1, 0, 3, 2, 2], [0, 0, 1, 2, 0, 1, 2]),
        # Units of one, two and one groups: g0's lines 0 and 2; g1, g1, g2, g2; g3.
        ([0, 1, 1, 2], [0, 0, 1, 0], [0, 0, 1, 1, 2, 2, 3], [0, 2, 0, 1, 1, 2, 0]),
        # The second block's unit ranks first: its cells come first.
        ([1, 1, 0, 0], [0, 1, 0, 1], [3, 2, 2, 0, 1, 1, 0], [0, 1, 2, 0, 0, 1, 2]),
    ],
)
def test_known_cells_in_unit_line_measure_order(units, measures, groups, lines):
    got = known_cells(KNOWN, np.array(units), np.array(measures))
    assert [a.tolist() for a in got] == [groups, lines]


def test_known_cells_of_no_groups():
    empty = np.zeros(0, dtype=np.int64)
    got = known_cells(np.zeros((0, 3), dtype=bool), empty, empty)
    assert [len(a) for a in got] == [0, 0]
