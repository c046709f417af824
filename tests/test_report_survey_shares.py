"""Harrastemalli ja kyselyjen osuudet (``helpers.report.survey_shares``), shown in the
Palvelut section: shares with their complements, intervals, basis and checks, against the
source report and worked out by hand."""

import pytest
from report_data import embedded, embedded_sections, plain, rows_of, with_tables

from helpers.report.services import services_section
from helpers.report.templates import render_section

# --- Surveys -------------------------------------------------------------------------------


def energy_not_flagged(surveys) -> bool:
    label = "Hyvinvointikysely koululaisille: juo energiajuomia arkiaamuisin"
    return rows_of(surveys.table, label)[0]["Tarkistettava"] == ""


def test_survey_shares_with_complement_interval_basis_and_check_note():
    surveys = embedded_sections()["palvelut"].content.shares
    hobby = rows_of(surveys.table, "Harrastemallikysely: vastaajista ei harrasta mitään")
    target = next(r for r in hobby if r["Vertailu"].startswith("tavoite"))
    # 146 of 660 do not take part: 22,12 %; Wilson 95 % interval 19,12–25,44 %.
    assert target["Osuus % (95 %:n luottamusväli)"] == "22,1 (19,1–25,4)"
    assert target["Osuuden peruste"] == "laskettu lukumäärästä"
    # The other group, taking part: 514 of 660 = 77,88 %, interval 100 − (25,44…19,12);
    # its target is the complement of "alle 18 %".
    assert target["Muut vastaajat % (luottamusväli)"] == "77,9 (74,6–80,9)"
    assert target["Vertailu"] == "tavoite alle 18 % (muut vastaajat 82 %)"
    assert target["Arvio"] == "ei toteudu"
    baseline = next(r for r in hobby if r["Vertailu"].startswith("lähtötaso"))
    assert baseline["Vertailu"] == "lähtötaso 2023 20 % (muut vastaajat 80 %)"
    # Only "14 %" was printed: shown as 14, not 14,0; the result is flagged for checking.
    breakfast = rows_of(surveys.table, "Hyvinvointikysely koululaisille: syö aamupalan")[0]
    assert breakfast["Osuus % (95 %:n luottamusväli)"].startswith("14 (")
    assert breakfast["Osuuden peruste"] == "julkaistu pyöristetty osuus"
    assert breakfast["Tarkistettava"] == "kyllä, ks. alla"
    assert energy_not_flagged(surveys)
    assert len(surveys.checks) == 1 and plain(surveys.checks[0]).startswith(
        "Hyvinvointikysely koululaisille: syö aamupalan: tarkistettava: tulos 14 %"
    )
    # "lähes 10 %" stays 10, its interval wide enough for "noin".
    energy = rows_of(
        surveys.table, "Hyvinvointikysely koululaisille: juo energiajuomia arkiaamuisin"
    )
    assert energy[0]["Osuus % (95 %:n luottamusväli)"] == "10 (5,6–15,9)"
    assert energy[0]["Osuuden peruste"] == "julkaistu pyöristetty osuus (noin)"
    assert surveys.rounded and surveys.checks and surveys.approximate_pct == "15"
    # The workbook keeps the numbers in columns of their own.
    frame = surveys.table.frame
    assert list(frame.columns[:4]) == ["Mittari", "Vastaajia", "Lukumäärä", "Osuus %"]
    assert frame.iloc[0]["Muut vastaajat %"] == pytest.approx(514 / 660 * 100)


def test_survey_columns_the_data_does_not_carry_are_not_shown():
    shares = embedded().dataset("survey_shares")
    older = shares.drop(
        columns=[
            "share_basis",
            "complement_pct",
            "complement_ci_low",
            "complement_ci_high",
            "complement_reference_value",
            "check_note",
        ]
    )
    surveys = services_section(with_tables(survey_shares=older)).content.shares
    labels = [c.label for c in surveys.table.columns]
    assert labels == ["Vastaajia", "Osuus % (95 %:n luottamusväli)", "Vertailu", "Arvio"]
    hobby = rows_of(surveys.table, "Harrastemallikysely: vastaajista ei harrasta mitään")
    assert hobby[0]["Vertailu"] == "tavoite alle 18 %"
    assert not surveys.rounded and not surveys.checks


def test_the_survey_table_is_shown_once_in_palvelut():
    sections = embedded_sections()
    heading = "<h3>Harrastemalli ja kyselyjen osuudet</h3>"
    assert render_section(sections["palvelut"]).count(heading) == 1
    assert heading not in render_section(sections["tunnusluvut"])
