"""Survey shares: both shares of the harrastemalli survey, intervals that respect the
printed rounding, and a flag on implausible results. Expected values by hand."""

import math

import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.indicators import indicator_tables
from helpers.surveys import consistent_counts, printed_range, survey_shares


def wilson_by_hand(count, n, z=1.959963984540054):
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half) * 100, (centre + half) * 100


@pytest.fixture(scope="module")
def shares():
    config, tables = build_processed(RAW, "heinola", "2024-06-30")
    out = indicator_tables(tables, config, 2024)["survey_shares"]
    return out.drop_duplicates(["survey", "measure"]).set_index("measure")


def test_printed_ranges():
    assert printed_range(22, None) == (21.5, 22.5)  # a whole percentage: ± 0,5
    assert printed_range(10.5, None) == pytest.approx((10.45, 10.55))
    assert printed_range(10, "noin") == pytest.approx((8.5, 11.5))  # "lähes 10 %": ± 15 %
    assert printed_range(5, "yli") == (5, 100.0) and printed_range(5, "alle") == (0.0, 5)


def test_consistent_counts():
    # 66 % of 247: 65,5 % × 2,47 = 161,8 … 66,5 % × 2,47 = 164,3 → 162–164 respondents.
    assert consistent_counts(66, 247, None) == (162, 164)
    # "lähes 10 %" of 247: 8,5 % → 20,995 … 11,5 % → 28,405 → 21–28 respondents.
    assert consistent_counts(10, 247, "noin") == (21, 28)
    # 50 % of 3: no count within ± 0,5 points; the nearest count (2) stands alone.
    assert consistent_counts(50, 3, None) == (2, 2)
    # 22 % of 200 stands for 21,5–22,5 %: 43 / 200 and 45 / 200 sit exactly on the ends.
    assert consistent_counts(22, 200, None) == (43, 45)
    # 100 % of 4: only all four respondents; 0 % of 4: none of them.
    assert consistent_counts(100, 4, None) == (4, 4)
    assert consistent_counts(0, 4, None) == (0, 0)
    # "noin 95 %" of 100: 80,75–109,25 %, but never more respondents than answered: 81–100.
    assert consistent_counts(95, 100, "noin") == (81, 100)


def test_lahes_10_percent_keeps_its_print_and_a_wide_interval(shares):
    energy = shares.loc["juo energiajuomia arkiaamuisin"]
    assert energy["share_pct"] == 10  # not 25 / 247 = 10,12 %
    assert energy["share_basis"] == "julkaistu pyöristetty osuus (noin)"
    assert (energy["count_low"], energy["count_high"]) == (21, 28)
    assert energy["ci_low"] == pytest.approx(wilson_by_hand(21, 247)[0])  # ≈ 5,6 %
    assert energy["ci_high"] == pytest.approx(wilson_by_hand(28, 247)[1])  # ≈ 15,9 %
    sleep = shares.loc["nukkuu vähintään 8 h/yö"]
    assert sleep["share_pct"] == 66
    assert sleep["ci_low"] == pytest.approx(wilson_by_hand(162, 247)[0])
    assert sleep["ci_high"] == pytest.approx(wilson_by_hand(164, 247)[1])


def test_harrastemalli_both_shares_with_intervals_and_target(shares):
    row = shares.loc["vastaajista ei harrasta mitään"]
    # 146 of 660 do nothing: 22,12 %; the other 514 of 660: 77,88 %.
    assert row["share_pct"] == pytest.approx(146 / 660 * 100)
    assert row["share_basis"] == "laskettu lukumäärästä"
    assert row["complement_pct"] == pytest.approx(514 / 660 * 100)
    # Wilson is symmetric: the complement's interval is that of 514 / 660.
    low, high = wilson_by_hand(514, 660)
    assert row["complement_ci_low"] == pytest.approx(low)
    assert row["complement_ci_high"] == pytest.approx(high)
    # Target "alle 18 %" of those doing nothing is "yli 82 %" of the others.
    assert row["reference_value"] == 18 and row["complement_reference_value"] == 82


def test_implausible_breakfast_share_is_flagged(shares):
    breakfast = shares.loc["syö aamupalan"]
    # 14 % (interval ≈ 10–19 %) against 70 % of 4th–5th graders nationally (THL 2023).
    assert breakfast["check_note"].startswith("tarkistettava")
    assert "70 %" in breakfast["check_note"] and "Kouluterveyskysely" in breakfast["check_note"]
    others = shares.drop(index="syö aamupalan")
    assert (others["check_note"] == "").all()


def test_surveys_without_national_references_are_not_flagged():
    config, tables = build_processed(RAW, "heinola", "2024-06-30")
    del tables["national_references"]
    out = indicator_tables(tables, config, 2024)["survey_shares"]
    assert (out["check_note"] == "").all()
    assert len(survey_shares(tables["surveys"])) == len(out)


def test_a_count_exactly_at_the_printed_bound_fits():
    # "yli 50 %" of 4: 2/4 = 50 % is the lower bound itself; "alle 25 %": 1/4 = 25 %, the upper.
    assert consistent_counts(50, 4, "yli") == (2, 4)
    assert consistent_counts(25, 4, "alle") == (0, 1)
    # 12,5 % printed of 8 stands for 12,45 … 12,55: exactly 1/8.
    assert consistent_counts(12.5, 8, None) == (1, 1)


def test_no_count_exceeds_the_respondents():
    # "noin 98 %" of 100 stands for 98 × (1 ± 0,15) = 83,3 … 112,7 %: at most all 100.
    assert consistent_counts(98, 100, "noin") == (84, 100)
