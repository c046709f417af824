"""The income statement's audit (helpers.statement_audit): every printed figure of a
statement against its recomputation, the areas against the department and the summary lines,
on small statements written out by hand; the expected findings are worked out in the tests."""

import math

import pandas as pd
import pytest
from test_audit import by_item

from helpers import statement_audit
from helpers.audit import audit_frame
from helpers.income_statement import recompute_subtotals, with_provenance

DEPARTMENT = "Hyvinvointilautakunnan toimiala"

# --- Statement checks on the department's printed income lines -----------------------------

# TULOSLASKELMA, NETTOSITOVUUS: TP 2023, TOT 2023 6 kk, TA 2024 +muutos, TOT 2024 6 kk.
DEPARTMENT_INCOME = {
    "Myyntituotot": (691_408, 267_207, 620_000, 329_408),
    "Maksutuotot": (809_343, 446_233, 728_800, 420_596),
    "Tuet ja avustukset": (1_406_412, 677_201, 1_256_400, 377_764),
    "Muut toimintatuotot": (108_798, 54_691, 83_400, 68_469),
    # The four lines add up to 1 196 237 in TOT 2024: the print is one euro more.
    "Toimintatuotot": (3_015_961, 1_445_332, 2_688_600, 1_196_238),
}
MEASURES = (
    ("tp", 2023, 12, "TP 2023"),
    ("tot_prior", 2023, 6, "TOT 2023 6 kk"),
    ("ta", 2024, 12, "TA 2024 +muutos"),
    ("tot", 2024, 6, "TOT 2024 6 kk"),
)


def tidy(unit, lines):
    """Printed amounts of one unit under Heinola's printed headers."""
    return pd.DataFrame(
        [
            (unit, line, measure, year, months, float(amount), header, "printed")
            for line, amounts in lines.items()
            for (measure, year, months, header), amount in zip(MEASURES, amounts, strict=True)
        ],
        columns=["unit", "line", "measure", "year", "months", "amount", "header", "origin"],
    )


def printed_columns(unit, rows):
    return pd.DataFrame(
        [
            (unit, line, remaining, 0, percent, 2, math.nan, 0, i + 2)
            for i, (line, remaining, percent) in enumerate(rows)
        ],
        columns=[
            "unit",
            "line",
            "remaining_printed",
            "remaining_decimals",
            "percent_printed",
            "percent_decimals",
            "change_printed",
            "change_decimals",
            "row",
        ],
    ).astype({"remaining_printed": "Float64", "percent_printed": "Float64"})


def statement_checks(*args):
    """The statement's checks as rows (dicts), in order."""
    return statement_audit.statement_checks(*args).to_dict("records")


def summary_checks(*args):
    return statement_audit.summary_checks(*args).to_dict("records")


def test_statement_checks_of_the_department_income(heinola):
    exported = tidy(DEPARTMENT, DEPARTMENT_INCOME)
    processed = recompute_subtotals(exported, heinola)
    printed = printed_columns(
        DEPARTMENT,
        [
            ("Myyntituotot", 290_592, 53.13),
            ("Tuet ja avustukset", 878_636, pd.NA),  # no TOT-% printed: nothing to check
            ("Toimintatuotot", 1_492_362, 44.49),
            ("Maksutuotot", 308_214, 57.71),  # Jäljellä misprinted by 10 €
        ],
    )
    rows = by_item(statement_checks(exported, processed, printed, heinola, "tuloslaskelma.csv"))
    parts = "Myyntituotot + Maksutuotot + Tuet ja avustukset + Muut toimintatuotot"
    subtotal = {
        f"{DEPARTMENT} / Toimintatuotot / {label}": severity
        for label, severity in [
            ("TP 2023", "ok"),
            ("TOT 2023 6 kk", "ok"),
            ("TA 2024 +muutos", "ok"),
            ("TOT 2024 6 kk", "info"),
        ]
    }
    remaining_and_percent = {
        f"{DEPARTMENT} / Myyntituotot / Jäljellä": "ok",
        f"{DEPARTMENT} / Myyntituotot / TOT-%": "ok",
        f"{DEPARTMENT} / Tuet ja avustukset / Jäljellä": "ok",
        f"{DEPARTMENT} / Toimintatuotot / Jäljellä": "ok",
        f"{DEPARTMENT} / Toimintatuotot / TOT-%": "ok",
        f"{DEPARTMENT} / Maksutuotot / Jäljellä": "error",
        f"{DEPARTMENT} / Maksutuotot / TOT-%": "ok",
    }
    assert {item: row["severity"] for item, row in rows.items()} == {
        **subtotal,
        **remaining_and_percent,
    }
    latest = rows[f"{DEPARTMENT} / Toimintatuotot / TOT 2024 6 kk"]
    assert latest["check"] == f"Toimintatuotot = {parts}"
    assert (latest["printed"], latest["recomputed"]) == (1_196_238, 1_196_237)
    assert latest["tolerance"] == 3 and latest["file"] == "tuloslaskelma.csv"
    # Jäljellä is TA − TOT (not TP − TOT): 2 688 600 − 1 196 238.
    left = rows[f"{DEPARTMENT} / Toimintatuotot / Jäljellä"]
    assert left["check"] == "Jäljellä = TA − TOT" and left["recomputed"] == 1_492_362
    wrong = rows[f"{DEPARTMENT} / Maksutuotot / Jäljellä"]
    assert (wrong["printed"], wrong["recomputed"]) == (308_214, 728_800 - 420_596)
    percent = rows[f"{DEPARTMENT} / Toimintatuotot / TOT-%"]
    assert percent["check"] == "TOT-% = TOT / TA × 100" and percent["tolerance"] == 0.01
    assert percent["recomputed"] == pytest.approx(1_196_238 / 2_688_600 * 100)


def test_a_subtotal_whose_parts_are_partly_missing_counts_them_as_zero(heinola):
    # Varhaiskasvatus prints one of the four income lines; the other three are in the export
    # (another unit prints them), so they count as zero for it.
    lines = {"Myyntituotot": (10, 10, 10, 10), "Toimintatuotot": (10, 10, 10, 12)}
    others = {"Maksutuotot": (1, 1, 1, 1), "Tuet ja avustukset": (1, 1, 1, 1)}
    others["Muut toimintatuotot"] = (1, 1, 1, 1)
    exported = pd.concat([tidy("Varhaiskasvatus", lines), tidy("HYTE", others)])
    no_printed = printed_columns("V", [])[:0]
    rows = statement_checks(exported, exported, no_printed, heinola, "t.csv")
    assert [(r["item"], r["recomputed"], r["severity"]) for r in rows] == [
        ("Varhaiskasvatus / Toimintatuotot / TP 2023", 10, "ok"),
        ("Varhaiskasvatus / Toimintatuotot / TOT 2023 6 kk", 10, "ok"),
        ("Varhaiskasvatus / Toimintatuotot / TA 2024 +muutos", 10, "ok"),
        ("Varhaiskasvatus / Toimintatuotot / TOT 2024 6 kk", 10, "info"),
    ]
    # A part no unit prints is not in the export: its subtotal cannot be checked.
    alone = tidy("Varhaiskasvatus", lines)
    assert statement_checks(alone, alone, no_printed, heinola, "t.csv") == []


def test_a_percent_of_a_zero_budget_printed_as_zero_is_info(heinola):
    # Varhaiskasvatus, Myyntituotot: TA 0, TOT 13 280, printed Jäljellä -13 280 and 0,00 %.
    exported = tidy("Varhaiskasvatus", {"Myyntituotot": (141_482, 56_962, 0, 13_280)})
    printed = printed_columns("Varhaiskasvatus", [("Myyntituotot", -13_280, 0.0)])
    rows = by_item(statement_checks(exported, exported, printed, heinola, "t.csv"))
    assert rows["Varhaiskasvatus / Myyntituotot / Jäljellä"]["severity"] == "ok"
    zero = rows["Varhaiskasvatus / Myyntituotot / TOT-%"]
    assert zero["severity"] == "info" and math.isnan(zero["recomputed"])


# --- The department against its service areas -----------------------------------------------

# Myyntituotot, TOT 2024 6 kk: the four service areas print 111 668, 191 397, 13 280 and 13 064
# (329 409 together); the department prints 329 408.
AREAS = {
    "Hyvinvoinnin ja terveyden edistäminen": 111_668,
    "Opetus- ja koulutuspalvelut": 191_397,
    "Varhaiskasvatus": 13_280,
    "Virkkeellinen elämä": 13_064,
}


def one_line(amounts, line="Myyntituotot"):
    return with_provenance(
        pd.DataFrame(
            [(unit, line, "tot", 2024, 6, float(a)) for unit, a in amounts.items()],
            columns=["unit", "line", "measure", "year", "months", "amount"],
        )
    )


def department_checks(processed, config, file):
    """The check on a statement as exported: every amount printed."""
    return statement_audit.department_checks(processed, processed, config, file).to_dict("records")


@pytest.mark.parametrize(
    ("department", "severity"),
    [
        (329_409, "ok"),
        (329_408, "info"),  # as printed
        # Four areas each rounded to the euro may leave the department several euros apart:
        # the tolerance is 3 € per area, 12 € here.
        (329_414, "info"),
        (329_397, "info"),
        (329_421, "info"),
        (329_422, "error"),
        (329_396, "error"),
    ],
)
def test_the_department_tolerance_grows_with_the_number_of_areas(heinola, department, severity):
    rows = department_checks(one_line({DEPARTMENT: department, **AREAS}), heinola, "t.csv")
    assert len(rows) == 1
    row = rows[0]
    assert row["item"] == f"{DEPARTMENT} / Myyntituotot / TOT 2024 6 kk"
    assert row["check"] == "toimiala = palvelualueiden summa"
    assert (row["printed"], row["recomputed"]) == (department, 329_409)
    assert row["tolerance"] == 12 and row["severity"] == severity


def test_department_rows_in_statement_order_missing_areas_zero_missing_department_skipped(
    heinola,
):
    processed = pd.concat(
        [
            # Only one area prints Avustukset and the department does not: nothing to compare.
            one_line({"Varhaiskasvatus": -5}, line="Avustukset"),
            # Only two areas print Myyntituotot; the department's equals their sum.
            one_line({DEPARTMENT: -100, "Varhaiskasvatus": -60, "Virkkeellinen elämä": -40}),
            one_line({DEPARTMENT: -7, **{area: -2 for area in AREAS}}, line="Henkilöstökulut"),
        ]
    )
    rows = department_checks(processed, heinola, "tuloslaskelma.csv")
    assert [(r["item"], r["recomputed"], r["severity"]) for r in rows] == [
        (f"{DEPARTMENT} / Myyntituotot / TOT 2024 6 kk", -100, "ok"),
        (f"{DEPARTMENT} / Henkilöstökulut / TOT 2024 6 kk", -8, "info"),
    ]
    assert {r["file"] for r in rows} == {"tuloslaskelma.csv"}


def test_no_department_or_no_area_means_no_department_check(heinola):
    assert department_checks(one_line(AREAS), heinola, "t.csv") == []
    assert department_checks(one_line({DEPARTMENT: 5}), heinola, "t.csv") == []


# --- TULOT / MENOT / NETTO -----------------------------------------------------------------


def test_summary_lines_against_the_statement(heinola):
    # MENOT has no Toimintakulut in this statement to compare with: it is not checked.
    summary = tidy(DEPARTMENT, {"MENOT": (-1, -1, -1, -1)})
    summary = pd.concat([summary, tidy(DEPARTMENT, {"TULOT": DEPARTMENT_INCOME["Toimintatuotot"]})])
    statement = tidy(DEPARTMENT, {"Toimintatuotot": (3_015_961, 1_445_332, 2_688_600, 1_196_228)})
    printed = printed_columns(DEPARTMENT, [("TULOT", 1_492_362, 44.49)])
    rows = by_item(summary_checks(summary, printed, statement, heinola, "yhteenveto.csv"))
    assert {item: row["severity"] for item, row in rows.items()} == {
        f"{DEPARTMENT} / TULOT / TP 2023": "ok",
        f"{DEPARTMENT} / TULOT / TOT 2023 6 kk": "ok",
        f"{DEPARTMENT} / TULOT / TA 2024 +muutos": "ok",
        f"{DEPARTMENT} / TULOT / TOT 2024 6 kk": "error",  # 10 € off the statement
        f"{DEPARTMENT} / TULOT / Jäljellä": "ok",
        f"{DEPARTMENT} / TULOT / TOT-%": "ok",
    }
    latest = rows[f"{DEPARTMENT} / TULOT / TOT 2024 6 kk"]
    assert latest["check"] == "TULOT = tuloslaskelman Toimintatuotot"
    assert (latest["printed"], latest["recomputed"]) == (1_196_238, 1_196_228)
    assert latest["tolerance"] == 3
    assert {row["file"] for row in rows.values()} == {"yhteenveto.csv"}


def test_statement_audit_is_the_statement_checks_then_the_department_checks(heinola):
    exported = pd.concat(
        [
            tidy(DEPARTMENT, DEPARTMENT_INCOME),
            one_line({area: 1_000 for area in AREAS}),
        ]
    )
    printed = printed_columns(DEPARTMENT, [("Myyntituotot", 290_592, 53.13)])
    both = statement_audit.statement_audit(exported, exported, printed, heinola, "t.csv")
    expected = audit_frame(
        [
            statement_audit.statement_checks(exported, exported, printed, heinola, "t.csv"),
            statement_audit.department_checks(exported, exported, heinola, "t.csv"),
        ]
    )
    pd.testing.assert_frame_equal(both, expected, check_exact=True)
    # The department's lines, TOT 2024 only where the areas print: Myyntituotot 329 408 against
    # the four areas' 4 × 1 000 (an error); the other lines against areas printing none (0).
    department = both[both["check"] == "toimiala = palvelualueiden summa"]
    row = department[department["item"] == f"{DEPARTMENT} / Myyntituotot / TOT 2024 6 kk"]
    assert (row["printed"].item(), row["recomputed"].item()) == (329_408, 4_000)
    assert row["severity"].item() == "error"
    assert len(department) == 20  # 5 lines × 4 columns
    assert department.index[0] == len(both) - 20  # after the statement's own checks


def statement_rows(unit, lines):
    """Amounts of one unit: {line: {measure: (amount, origin)}} under standard headers."""
    headers = {"tp": (2023, 12), "tot_prior": (2023, 6), "ta": (2024, 12), "tot": (2024, 6)}
    return pd.DataFrame(
        [
            (unit, line, measure, *headers[measure], float(amount), origin)
            for line, measures in lines.items()
            for measure, (amount, origin) in measures.items()
        ],
        columns=["unit", "line", "measure", "year", "months", "amount", "origin"],
    )


def printed_row(line, remaining=math.nan, percent=math.nan, change=math.nan, decimals=(0, 2, 0)):
    return {
        "unit": "Varhaiskasvatus",
        "line": line,
        "remaining_printed": remaining,
        "remaining_decimals": decimals[0],
        "percent_printed": percent,
        "percent_decimals": decimals[1],
        "change_printed": change,
        "change_decimals": decimals[2],
    }


def test_printed_columns_are_checked_only_against_measures_printed_beside_them(heinola):
    amounts = {
        # Cents: Jäljellä 2 000,00 − 1 000,40 = 999,60 is printed as 1 000 and the change
        # 1 000,40 − 500,00 = 500,40 as 500 (whole euros): both round to the print, so ok.
        "Myyntituotot": {
            "ta": (2_000.00, "printed"),
            "tot_prior": (500.00, "printed"),
            "tot": (1_000.40, "printed"),
        },
        # TA recomputed from TOT + the printed Jäljellä: that Jäljellä is not checked against
        # it, the TOT-% is (420 596 / 728 800 = 57,7107 %). The change printed −25 673 is not
        # 420 596 − 446 233 = −25 637: 36 € off (two digits swapped), an error.
        "Maksutuotot": {
            "ta": (728_800, "computed"),
            "tot_prior": (446_233, "printed"),
            "tot": (420_596, "printed"),
        },
        # TA derived from the printed TOT-% and last year's TOT from the printed change: neither
        # printed column is checked against what it produced.
        "Tuet ja avustukset": {
            "ta": (1_256_400, "derived"),
            "tot_prior": (677_201, "computed"),
            "tot": (377_764, "printed"),
        },
    }
    exported = statement_rows("Varhaiskasvatus", amounts)
    printed = pd.DataFrame(
        [
            printed_row("Myyntituotot", 1_000, 50.02, 500),
            printed_row("Maksutuotot", 308_204, 57.71, -25_673),
            printed_row("Tuet ja avustukset", percent=30.07, change=-299_437),
        ]
    ).astype({"remaining_printed": "Float64", "percent_printed": "Float64"})
    # (no subtotal line printed: only the printed columns are checked)
    rows = statement_checks(exported, exported, printed, heinola, "tuloslaskelma.csv")
    assert {r["item"]: (r["printed"], r["recomputed"], r["severity"]) for r in rows} == {
        "Varhaiskasvatus / Myyntituotot / Jäljellä": (1_000, pytest.approx(999.60), "ok"),
        "Varhaiskasvatus / Myyntituotot / TOT-%": (50.02, pytest.approx(50.02), "ok"),
        "Varhaiskasvatus / Myyntituotot / muutos": (500, pytest.approx(500.40), "ok"),
        "Varhaiskasvatus / Maksutuotot / TOT-%": (57.71, pytest.approx(57.7107, abs=1e-4), "ok"),
        "Varhaiskasvatus / Maksutuotot / muutos": (-25_673, -25_637, "error"),
    }
    change = rows[-1]
    assert change["check"] == "muutos = TOT − edellisen vuoden TOT"
    assert (change["file"], change["difference"], change["tolerance"]) == (
        "tuloslaskelma.csv",
        -36,
        3,
    )


def test_a_statement_without_a_budget_still_has_its_change_checked(heinola):
    # No TA column at all: nothing to check Jäljellä or TOT-% against, but the change
    # 13 280 − 56 962 = −43 682 is printed exactly.
    exported = statement_rows(
        "Varhaiskasvatus",
        {
            "Myyntituotot": {
                "tp": (141_482, "printed"),
                "tot_prior": (56_962, "printed"),
                "tot": (13_280, "printed"),
            }
        },
    )
    printed = pd.DataFrame([printed_row("Myyntituotot", change=-43_682)])
    [row] = statement_checks(exported, exported, printed, heinola, "t.csv")
    assert (row["item"], row["recomputed"], row["severity"]) == (
        "Varhaiskasvatus / Myyntituotot / muutos",
        -43_682,
        "ok",
    )


def test_a_subtotal_with_a_derived_part_is_not_checked_for_that_column(heinola):
    # Muut toimintatuotot TP 2023 derived by the suite (from TOT and TOT-%): the TP 2023
    # subtotal would compare the print with an estimate, so only the other three columns are
    # checked. The processed table need not carry the subtotal line itself.
    exported = tidy(DEPARTMENT, DEPARTMENT_INCOME)
    derived = (exported["line"] == "Muut toimintatuotot") & (exported["measure"] == "tp")
    exported.loc[derived, "origin"] = "derived"
    parts = exported[exported["line"] != "Toimintatuotot"]
    no_printed = printed_columns(DEPARTMENT, [])[:0]
    rows = statement_checks(exported, parts, no_printed, heinola, "tuloslaskelma.csv")
    # 267 207 + 446 233 + 677 201 + 54 691 = 1 445 332; TOT 2024 1 196 237 against 1 196 238.
    assert [(r["item"], r["printed"], r["recomputed"], r["severity"]) for r in rows] == [
        (f"{DEPARTMENT} / Toimintatuotot / TOT 2023 6 kk", 1_445_332, 1_445_332, "ok"),
        (f"{DEPARTMENT} / Toimintatuotot / TA 2024 +muutos", 2_688_600, 2_688_600, "ok"),
        (f"{DEPARTMENT} / Toimintatuotot / TOT 2024 6 kk", 1_196_238, 1_196_237, "info"),
    ]


def test_an_empty_department_cell_with_no_area_leaves_the_later_lines_checked(heinola):
    # The department prints Avustukset empty and no area prints it: nothing to compare. Its
    # Myyntituotot after it is still checked: 111 668 + 191 397 + 13 280 + 13 064 = 329 409.
    processed = pd.concat(
        [
            one_line({DEPARTMENT: math.nan}, line="Avustukset"),
            one_line({DEPARTMENT: 329_409, **AREAS}),
        ]
    )
    rows = department_checks(processed, heinola, "t.csv")
    assert [(r["item"], r["recomputed"], r["severity"]) for r in rows] == [
        (f"{DEPARTMENT} / Myyntituotot / TOT 2024 6 kk", 329_409, "ok"),
    ]


def test_an_area_listed_first_in_the_export_is_summed_like_the_others(heinola):
    # Varhaiskasvatus' rows come first, then the department's; the only area printed: 13 280
    # against the department's 13 280.
    rows = department_checks(
        one_line({"Varhaiskasvatus": 13_280, DEPARTMENT: 13_280}), heinola, "t.csv"
    )
    assert [(r["item"], r["recomputed"], r["severity"]) for r in rows] == [
        (f"{DEPARTMENT} / Myyntituotot / TOT 2024 6 kk", 13_280, "ok")
    ]


def test_an_infinite_part_stays_infinite_in_its_sums(heinola):
    # An infinite amount is summed as pandas sums it (inf), not clipped to the largest float:
    # the subtotal and the department are then errors against any finite print.
    lines = {"Myyntituotot": (math.inf, 1, 1, 1), "Toimintatuotot": (5, 1, 1, 1)}
    others = {"Maksutuotot": (0, 0, 0, 0), "Tuet ja avustukset": (0, 0, 0, 0)}
    others["Muut toimintatuotot"] = (0, 0, 0, 0)
    exported = pd.concat([tidy("Varhaiskasvatus", lines), tidy("HYTE", others)])
    no_printed = printed_columns("V", [])[:0]
    rows = statement_checks(exported, exported, no_printed, heinola, "t.csv")
    assert rows[0]["recomputed"] == math.inf and rows[0]["severity"] == "error"
    areas = one_line({DEPARTMENT: 5.0, "Varhaiskasvatus": math.inf})
    [row] = department_checks(areas, heinola, "t.csv")
    assert row["recomputed"] == math.inf and row["severity"] == "error"


def test_subtotals_need_every_part_with_an_amount_and_a_printed_subtotal(heinola):
    # Myyntituotot (the first part) has no amount in any unit: a part no unit has, so
    # Toimintatuotot is not checked. Then Myyntituotot 10 and the subtotal printed 10, but
    # the subtotal's rows computed, not printed: nothing to check either.
    lines = {"Myyntituotot": (math.nan,) * 4, "Toimintatuotot": (5, 5, 5, 5)}
    others = {"Maksutuotot": (1, 1, 1, 1), "Tuet ja avustukset": (1, 1, 1, 1)}
    others["Muut toimintatuotot"] = (1, 1, 1, 1)
    exported = pd.concat([tidy("Varhaiskasvatus", lines), tidy("HYTE", others)])
    no_printed = printed_columns("V", [])[:0]
    assert statement_checks(exported, exported, no_printed, heinola, "t.csv") == []
    exported.loc[exported["line"] == "Myyntituotot", "amount"] = 10.0
    computed = exported["line"] == "Toimintatuotot"
    exported.loc[computed, "origin"] = "computed"
    assert statement_checks(exported, exported, no_printed, heinola, "t.csv") == []
    # Printed again: 10 + 0 + 0 + 0 = 10 against 5 (5 € > 3 €), an error in every column.
    exported.loc[computed, "origin"] = "printed"
    rows = statement_checks(exported, exported, no_printed, heinola, "t.csv")
    assert [(r["recomputed"], r["severity"]) for r in rows] == [(10, "error")] * 4


def test_printed_columns_row_by_row_and_each_column_its_own_tolerance(heinola):
    # Two lines, each with Jäljellä and TOT-%: the findings go line by line. Myyntituotot's
    # Jäljellä is printed with cents: 1 000,00 − 400,00 = 600,00 printed as 601,00 is within
    # 3 € (info), although the TOT-% beside it has the same two decimals (40,00 % =
    # 400 / 1 000 × 100, tolerance 0,005 + 0,005 = 0,01). Maksutuotot: 200 − 50 = 150 and
    # 50 / 200 × 100 = 25 %, as printed.
    amounts = {
        "Myyntituotot": {"ta": (1_000, "printed"), "tot": (400, "printed")},
        "Maksutuotot": {"ta": (200, "printed"), "tot": (50, "printed")},
    }
    exported = statement_rows("Varhaiskasvatus", amounts)
    printed = pd.DataFrame(
        [
            printed_row("Myyntituotot", 601.0, 40.0, decimals=(2, 2, 0)),
            printed_row("Maksutuotot", 150, 25.0),
        ]
    )
    rows = statement_checks(exported, exported, printed, heinola, "t.csv")
    assert [(r["item"], r["severity"], r["tolerance"]) for r in rows] == [
        ("Varhaiskasvatus / Myyntituotot / Jäljellä", "info", 3),
        ("Varhaiskasvatus / Myyntituotot / TOT-%", "ok", 0.01),
        ("Varhaiskasvatus / Maksutuotot / Jäljellä", "ok", 3),
        ("Varhaiskasvatus / Maksutuotot / TOT-%", "ok", 0.01),
    ]


def test_printed_columns_without_the_measures_beside_them_are_not_checked(heinola):
    # Only TOT is in the export (no TA, no last year's TOT): the printed Jäljellä, TOT-% and
    # change have nothing to be checked against.
    exported = statement_rows("Varhaiskasvatus", {"Myyntituotot": {"tot": (400, "printed")}})
    printed = pd.DataFrame([printed_row("Myyntituotot", 600, 40.0, 100)])
    assert statement_checks(exported, exported, printed, heinola, "t.csv") == []


def test_a_negative_zero_amount_is_read_as_zero(heinola):
    # TOT printed as -0: 0 / 200 × 100 = 0 %, recomputed as +0 (as the audit always read it),
    # so audit.csv never shows "-0".
    exported = statement_rows(
        "Varhaiskasvatus", {"Myyntituotot": {"ta": (200, "printed"), "tot": (-0.0, "printed")}}
    )
    printed = pd.DataFrame([printed_row("Myyntituotot", percent=0.0)])
    [row] = statement_checks(exported, exported, printed, heinola, "t.csv")
    assert row["recomputed"] == 0 and math.copysign(1, row["recomputed"]) == 1


def test_a_measure_no_unit_prints_leaves_the_second_units_columns_unchecked(heinola):
    # Two units, only TOT in the export: the second unit's printed Jäljellä, TOT-% and change
    # have no TA or last year's TOT to be checked against (none is read from another cell).
    exported = pd.concat(
        [
            statement_rows("HYTE", {"Myyntituotot": {"tot": (100, "printed")}}),
            statement_rows("Varhaiskasvatus", {"Myyntituotot": {"tot": (400, "printed")}}),
        ]
    )
    printed = pd.DataFrame([printed_row("Myyntituotot", 600, 40.0, 100)])
    assert statement_checks(exported, exported, printed, heinola, "t.csv") == []
