"""Survey shares: Wilson intervals, judgements against targets and baselines, and disclosure
control, with expected values worked out by hand (Harrastemalli: 146 of 660 pupils)."""

import math

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.surveys import (
    SUPPRESSED,
    judge_above,
    judge_below,
    judge_change,
    plausibility_notes,
    suppress_small_groups,
    survey_shares,
    wilson_interval,
)

UNDECIDED = "ei ratkea (luottamusväli kattaa rajan)"


# survey_shares' columns in their order.
SHARE_COLUMNS = [
    "survey",
    "measure",
    "respondents",
    "count",
    "count_derived",
    "share_pct",
    "printed_pct",
    "suppressed",
    "ci_low",
    "ci_high",
    "reference_type",
    "reference_value",
    "judgement",
    "count_low",
    "count_high",
    "share_basis",
    "complement_pct",
    "complement_ci_low",
    "complement_ci_high",
    "complement_reference_value",
]


def wilson_by_hand(count, n, z=1.959963984540054):
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half) * 100, (centre + half) * 100


def test_wilson_interval_matches_the_formula():
    low, high = wilson_interval(146, 660)
    assert (low, high) == pytest.approx(wilson_by_hand(146, 660))
    assert (round(low, 1), round(high, 1)) == (19.1, 25.4)
    # A 90 % interval uses z = 1,6449 and is narrower.
    assert wilson_interval(146, 660, confidence=0.90) == pytest.approx(
        wilson_by_hand(146, 660, z=1.6448536269514722)
    )


@pytest.mark.parametrize(
    ("low", "high", "limit", "expected"),
    [
        (10, 15, 18, "toteutuu"),  # the whole interval below the limit
        (16, 18, 18, UNDECIDED),  # touching the limit is not below it
        (16, 20, 18, UNDECIDED),
        (18, 22, 18, "ei toteudu"),  # starting at the limit: not below it
        (19.1, 25.4, 18, "ei toteudu"),  # Harrastemalli: target under 18 %
    ],
)
def test_judge_below(low, high, limit, expected):
    assert judge_below(low, high, limit) == expected


@pytest.mark.parametrize(
    ("low", "high", "limit", "expected"),
    [
        (21, 25, 20, "toteutuu"),  # the whole interval above the limit
        (20, 25, 20, UNDECIDED),  # starting at the limit is not above it
        (19.1, 25.4, 20, UNDECIDED),  # covers the limit: the LOWER bound decides "met"
        (15, 20, 20, "ei toteudu"),  # ending at the limit: not above it
        (10, 15, 20, "ei toteudu"),
    ],
)
def test_judge_above(low, high, limit, expected):
    assert judge_above(low, high, limit) == expected


@pytest.mark.parametrize(
    ("low", "high", "baseline", "expected"),
    [
        (21, 25, 20, "suurempi kuin lähtötaso"),
        (20, 25, 20, "ei merkitsevää muutosta"),
        (19.1, 25.4, 20, "ei merkitsevää muutosta"),  # Harrastemalli against 20 % in 2023
        (15, 20, 20, "ei merkitsevää muutosta"),
        (15, 19.9, 20, "pienempi kuin lähtötaso"),
    ],
)
def test_judge_change(low, high, baseline, expected):
    assert judge_change(low, high, baseline) == expected


COLUMNS = ["survey", "measure", "respondents", "count", "share_pct", "reference_type"]


def surveys(rows):
    """Rows of kyselyt.csv: survey, measure, respondents, count, share, reference type, value."""
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "reference_value"])
    return frame.astype({"respondents": "Float64", "count": "Float64", "share_pct": "Float64"})


HARRASTE = [
    ("Harrastemallikysely", "ei harrasta", 660, 146, 22, "tavoite alle", 18.0),
    ("Harrastemallikysely", "ei harrasta", pd.NA, pd.NA, pd.NA, "lähtötaso 2023", 20.0),
    ("Harrastemallikysely", "ei harrasta", pd.NA, pd.NA, pd.NA, "tavoite yli", 20.0),
]


def test_harrastemalli_against_its_target_and_baseline():
    table = survey_shares(surveys(HARRASTE))
    assert list(table.columns) == SHARE_COLUMNS
    assert set(table["survey"]) == {"Harrastemallikysely"}
    assert set(table["measure"]) == {"ei harrasta"}
    shares = table.set_index("reference_type")
    assert list(shares.index) == ["tavoite alle", "lähtötaso 2023", "tavoite yli"]
    target = shares.loc["tavoite alle"]
    assert (target["respondents"], target["count"]) == (660, 146)
    assert target["share_pct"] == pytest.approx(22.12, abs=0.005)  # printed 22 %
    assert target["printed_pct"] == 22 and not target["count_derived"]
    assert (target["ci_low"], target["ci_high"]) == pytest.approx(wilson_by_hand(146, 660))
    assert target["reference_value"] == 18
    assert target["judgement"] == "ei toteudu"  # the whole interval 19,1–25,4 is above 18 %
    assert shares.loc["lähtötaso 2023", "judgement"] == "ei merkitsevää muutosta"  # 20 % inside
    assert shares.loc["tavoite yli", "judgement"] == UNDECIDED  # 20 % inside the interval
    assert not shares["suppressed"].any()


def test_a_count_not_printed_is_derived_from_the_share():
    # Pupils' wellbeing survey: 247 respondents, "syö aamupalan" 14 % → 34,58 → 35 pupils.
    rows = [("Hyvinvointikysely", "syö aamupalan", 247, pd.NA, 14, pd.NA, math.nan)]
    row = survey_shares(surveys(rows)).iloc[0]
    assert row["count"] == 35 and row["count_derived"]
    # The share stays as printed; 13,5–14,5 % of 247 is 34 (13,77 %) or 35 (14,17 %) pupils,
    # so the interval runs from Wilson's low end at 34 to its high end at 35.
    assert row["share_pct"] == 14 and row["printed_pct"] == 14
    assert (row["count_low"], row["count_high"]) == (34, 35)
    assert row["ci_low"] == pytest.approx(wilson_by_hand(34, 247)[0])
    assert row["ci_high"] == pytest.approx(wilson_by_hand(35, 247)[1])
    assert row["share_basis"] == "julkaistu pyöristetty osuus"
    assert row["complement_pct"] == 86 and math.isnan(row["complement_reference_value"])
    assert row["judgement"] == "" and row["reference_type"] == ""
    assert math.isnan(row["reference_value"])


@pytest.mark.parametrize(
    ("respondents", "count", "suppressed"),
    [
        (660, 5, False),  # a cell of exactly 5 is shown
        (660, 4, True),  # 4 is not
        (660, 0, True),  # nobody at all is a cell of zero
        (660, 655, False),  # the complement (660 − 655) is exactly 5
        (660, 656, True),  # the complement is 4
        (9, 5, True),  # 5 said yes, but the 4 others could be identified
        (10, 5, False),
    ],
)
def test_disclosure_control_hides_cells_under_five(respondents, count, suppressed):
    rows = [("K", "m", respondents, count, round(count / respondents * 100), "tavoite alle", 50)]
    row = survey_shares(surveys(rows)).iloc[0]
    assert bool(row["suppressed"]) is suppressed
    assert row["respondents"] == respondents
    if suppressed:
        assert row["judgement"] == SUPPRESSED == "tieto suojattu (alle 5 vastaajaa solussa)"
        for column in ("count", "share_pct", "printed_pct", "ci_low", "ci_high"):
            assert math.isnan(row[column]), column
    else:
        assert row["count"] == count and row["share_pct"] == pytest.approx(
            count / respondents * 100
        )
        assert not math.isnan(row["ci_low"]) and row["judgement"] != SUPPRESSED


def test_a_derived_count_of_exactly_five_is_shown():
    # 2 % of 247 is 4,94 pupils, which rounds to 5: shown.
    rows = [("K", "m", 247, pd.NA, 2, pd.NA, math.nan)]
    row = survey_shares(surveys(rows)).iloc[0]
    assert row["count"] == 5 and not row["suppressed"]


def test_a_survey_without_respondents_has_no_share():
    keva = ("KEVA-kysely", "lähiesihenkilötyön keskiarvo", pd.NA, pd.NA, pd.NA, "tavoite yli", 3.8)
    assert survey_shares(surveys([keva])).empty
    # The surveys after it are still read, in the order printed (not sorted by name).
    rows = [("Z-kysely", "m", 100, 50, 50, pd.NA, math.nan), keva, HARRASTE[0]]
    assert survey_shares(surveys(rows))["survey"].tolist() == [
        "Z-kysely",
        "Harrastemallikysely",
    ]


def test_the_other_answer_group_mirrors_the_share_its_interval_and_its_target():
    table = survey_shares(surveys(HARRASTE)).set_index("reference_type")
    row = table.loc["tavoite alle"]
    # The 660 − 146 = 514 others: 77,88 %, and Wilson's interval of 514 / 660 is
    # 100 − (the interval of 146 / 660) with its ends swapped.
    assert row["complement_pct"] == pytest.approx(514 / 660 * 100)
    low, high = wilson_by_hand(514, 660)
    assert (row["complement_ci_low"], row["complement_ci_high"]) == pytest.approx((low, high))
    assert (
        round(row["complement_ci_low"], 1) == 74.6 and round(row["complement_ci_high"], 1) == 80.9
    )
    # "alle 18 %" of those doing nothing is 82 % of the others; the baseline 20 % is 80 %.
    assert row["complement_reference_value"] == 82
    assert table.loc["lähtötaso 2023", "complement_reference_value"] == 80
    assert row["count_low"] == row["count_high"] == 146
    assert row["share_basis"] == "laskettu lukumäärästä"


def test_a_printed_share_keeps_its_precision_in_the_counts_and_the_basis():
    rows = [
        ("Hyvinvointikysely", "juo energiajuomia", 247, pd.NA, 10, pd.NA, math.nan),
        ("Hyvinvointikysely", "syö välipalan", 247, pd.NA, 10, pd.NA, math.nan),
    ]
    table = survey_shares(surveys(rows).assign(precision=["noin", pd.NA])).set_index("measure")
    # "noin 10 %" of 247: 8,5 % × 2,47 = 20,995 … 11,5 % × 2,47 = 28,405 → 21–28 pupils.
    about = table.loc["juo energiajuomia"]
    assert about["share_basis"] == "julkaistu pyöristetty osuus (noin)"
    assert (about["count_low"], about["count_high"]) == (21, 28)
    assert about["ci_low"] == pytest.approx(wilson_by_hand(21, 247)[0])
    assert about["ci_high"] == pytest.approx(wilson_by_hand(28, 247)[1])
    # A plain 10 % is 9,5–10,5 %: 23,465 … 25,935 → 24 (9,72 %) or 25 (10,12 %) pupils.
    plain = table.loc["syö välipalan"]
    assert plain["share_basis"] == "julkaistu pyöristetty osuus"
    assert (plain["count_low"], plain["count_high"]) == (24, 25)


ALL_COLUMNS = set(SHARE_COLUMNS)


def test_a_small_group_shows_only_its_size_and_the_surveys_after_it_are_read():
    rows = [
        ("Kysely A", "pieni ryhmä", 660, 4, 1, "tavoite alle", 5.0),
        ("Kysely B", "iso ryhmä", 100, 50, 50, pd.NA, math.nan),
    ]
    # As read, and as already suppressed by the clean stage (counts blanked, flag set): the
    # flag, not the blanked count, must decide.
    for frame in (surveys(rows), suppress_small_groups(surveys(rows))):
        table = survey_shares(frame)
        assert set(table.columns) == ALL_COLUMNS
        assert table["survey"].tolist() == ["Kysely A", "Kysely B"]
        hidden = table.iloc[0].to_dict()
        shown = {k: v for k, v in hidden.items() if not (isinstance(v, float) and math.isnan(v))}
        assert shown == {
            "survey": "Kysely A",
            "measure": "pieni ryhmä",
            "respondents": 660,
            "count_derived": False,
            "suppressed": True,
            "reference_type": "",
            "judgement": SUPPRESSED,
            "share_basis": "",
        }
        assert table.iloc[1]["count"] == 50 and not table.iloc[1]["suppressed"]


def test_suppression_blanks_every_figure_of_fewer_than_five():
    frame = pd.DataFrame(
        {
            "survey": ["K"] * 5,
            "measure": ["ka 4", "ka 5", "ka ?", "4 / 660", "5 / 660"],
            "respondents": pd.array([4, 5, pd.NA, 660, 660], dtype="Float64"),
            "count": pd.array([pd.NA, pd.NA, pd.NA, 4, 5], dtype="Float64"),
            "share_pct": pd.array([pd.NA, pd.NA, pd.NA, 0.6, 0.8], dtype="Float64"),
            "value": pd.array([3.8, 4.1, 3.9, pd.NA, pd.NA], dtype="Float64"),
        }
    )
    out = suppress_small_groups(frame)
    # An average of 4 respondents is hidden, of exactly 5 shown; an unknown group is not
    # judged; a cell of 4 out of 660 is hidden, of exactly 5 shown.
    assert out["suppressed"].tolist() == [True, False, False, True, False]
    assert out["suppressed"].dtype == "boolean"
    assert out["value"].isna().tolist() == [True, False, False, True, True]
    assert out["value"][1] == 4.1 and out["value"][2] == 3.9
    assert out["count"].isna().tolist() == [True, True, True, True, False]
    assert out["share_pct"].isna().tolist() == [True, True, True, True, False]
    assert out["count"][4] == 5 and out["share_pct"][4] == 0.8
    assert frame["count"][3] == 4  # the input is left as it was
    empty = suppress_small_groups(frame.iloc[0:0])
    assert empty.empty and empty["suppressed"].dtype == "boolean"


@pytest.mark.pipeline
def test_the_embedded_surveys():
    _, tables = build_processed(RAW, "heinola", "2024-06-30")
    shares = survey_shares(tables["surveys"])
    harraste = shares[shares["survey"] == "Harrastemallikysely"].set_index("reference_type")
    assert harraste.loc["tavoite alle", "judgement"] == "ei toteudu"
    pupils = shares[shares["survey"] == "Hyvinvointikysely koululaisille"]
    assert set(pupils["respondents"]) == {247} and pupils["count_derived"].all()
    assert len(pupils) == 5


def test_a_share_30_points_or_more_from_the_national_level_is_flagged():
    shares = pd.DataFrame(
        {
            "measure": ["Liikkuu", "Liikkuu", "Liikkuu", "Kokee", "Liikkuu", "Muu"],
            "share_pct": [12.5, 52.0, 53.0, 97.0, math.nan, 10.0],
            "ci_low": [10.0, 50.0, 50.1, 95.0, math.nan, 5.0],
            "ci_high": [15.0, 55.0, 55.1, 99.0, math.nan, 15.0],
        },
        index=[3, 4, 5, 6, 7, 8],
    )
    # The latest year's level counts: 85 % in 2023 (2021's 50 % would flag nothing).
    national = pd.DataFrame(
        {
            "metric": ["Liikkuu", "Liikkuu", "Kokee"],
            "year": [2023, 2021, 2023],
            "value": [85.0, 50.0, 60.0],
            "source": ["THL 2023", "THL 2021", "THL"],
        }
    )
    notes = plausibility_notes(shares, national)
    assert list(notes.index) == [3, 4, 5, 6, 7, 8]
    # 10 … 15 % lies 85 − 15 = 70 points below the level.
    assert notes[3].replace("\xa0", " ") == (
        "tarkistettava: tulos 12,5 % poikkeaa vähintään 30 prosenttiyksikköä vertailutasosta "
        "85 % (THL 2023); onko luku tai kysymyksen suunta oikein?"
    )
    assert (
        notes[4].replace("\xa0", " ").startswith("tarkistettava: tulos 52 % ")
    )  # 85 − 55 = 30: just flagged
    assert notes[5] == ""  # 85 − 55,1 = 29,9 points
    # 95 … 99 % lies 95 − 60 = 35 points above its level of 60 %.
    assert "tulos 97 % " in notes[6].replace("\xa0", " ")
    assert "vertailutasosta 60 % (THL)" in notes[6].replace("\xa0", " ")
    assert notes[7] == "" and notes[8] == ""  # suppressed; no national level
    assert (plausibility_notes(shares, national.iloc[0:0]) == "").all()
    assert (plausibility_notes(shares, None) == "").all()


def test_a_share_is_told_with_one_decimal_and_without_one_it_never_had():
    from helpers.surveys import share_text

    # 146 / 660 = 22,121… % → "22,1"; 14,0 → "14"; 100,0 → "100"; 0,04 rounds to "0".
    assert share_text(146 / 660 * 100) == "22,1"
    assert share_text(14.0) == "14"
    assert share_text(100.0) == "100"
    assert share_text(0.04) == "0"
    assert share_text(float("nan")) == ""


def test_a_national_level_is_told_with_the_decimals_it_was_given():
    shares = pd.DataFrame(
        {"measure": ["Liikkuu"], "share_pct": [10.0], "ci_low": [8.0], "ci_high": [12.0]}
    )
    # 70,5 − 12 = 58,5 points: flagged; the level keeps its one decimal, the share has none.
    national = pd.DataFrame(
        {"metric": ["Liikkuu"], "year": [2023], "value": [70.5], "source": ["THL"]}
    )
    (note,) = plausibility_notes(shares, national)
    assert note.replace("\xa0", " ") == (
        "tarkistettava: tulos 10 % poikkeaa vähintään 30 prosenttiyksikköä vertailutasosta "
        "70,5 % (THL); onko luku tai kysymyksen suunta oikein?"
    )
