"""The source report's running text per unit (``helpers.report.unit_texts``): every paragraph
as printed, in the printed order, and what the forecast makes of each change.

Expected texts are cut out of the source document here, between its printed headings, with
the PDF's line breaks and runs of spaces read as one space.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pytest
from conftest import PROJECT_ROOT
from report_data import embedded, embedded_sections, plain

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.report import build_report
from helpers.report.model import ReportData
from helpers.report.templates import render_section
from helpers.report.unit_texts import environment_section, forecast_coverage, stems_of

# A verbatim copy of the shared source document, so that the comparison runs on any clone.
SOURCE = (
    PROJECT_ROOT
    / "tests/fixtures/heinola-source"
    / "heinola-hyvinvointitoimiala-osavuosikatsaus-2024-06-30.txt"
)
CHAPTERS = {  # the report's section → the source's chapter heading and the next heading
    "toiminnan-kuvaus": ("TARKOITUKSESTA 2024", "TOIMINTAYMPÄRISTÖ JA SEN MUUTOKSET"),
    "toimintaymparisto": ("TOIMINTAYMPÄRISTÖ JA SEN MUUTOKSET", "TOIMINNAN PAINOPISTEALUEET"),
    "painopistealueet": ("TOIMINNAN PAINOPISTEALUEET", "VALTUUSTON HYVÄKSYMÄ TALOUSARVIO"),
}
# The units' headings as printed, and their names in the report (entity.yml).
UNIT_HEADINGS = {
    "Hyvinvointitoimiala": "Hyvinvointitoimiala",
    "Hyvinvoinnin ja terveyden edistämisen palvelualue": "Hyvinvoinnin ja terveyden edistäminen",
    "Opetus- ja koulutuspalvelut": "Opetus- ja koulutuspalvelut",
    "Varhaiskasvatuspalvelut": "Varhaiskasvatus",
    "Virikkeellinen elämä - palvelualue": "Virikkeellinen elämä",
}
SERVICE_AREAS = list(UNIT_HEADINGS.values())[1:]
NOT_NAMED = (
    "Ennuste ei ota muutosta erikseen huomioon: ennusteen oikaisut ja johdon arviot eivät "
    "mainitse sitä."
)


def words(text: str) -> str:
    return " ".join(text.split())


def source_chapter(anchor: str) -> dict[str, str]:
    """Unit name → the chapter's text under that unit's heading in the source, one string."""
    text = SOURCE.read_text(encoding="utf-8")
    start, end = CHAPTERS[anchor]
    body = text[text.index(start) + len(start) : text.index(end, text.index(start))]
    lines = [line.strip() for line in body.splitlines()]
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line in UNIT_HEADINGS:
            current = found.setdefault(UNIT_HEADINGS[line], [])
        elif current is not None and line:
            current.append(line)
    return {unit: words(" ".join(parts)) for unit, parts in found.items()}


@pytest.mark.parametrize("anchor", list(CHAPTERS))
def test_every_unit_text_is_the_source_text_in_the_printed_order(anchor):
    expected = source_chapter(anchor)
    units = embedded_sections()[anchor].content.units
    assert [u.unit for u in units] == list(expected)
    for unit in units:
        assert words(" ".join(unit.paragraphs)) == expected[unit.unit], unit.unit


def test_the_chapters_of_the_source_and_their_units():
    sections = embedded_sections()
    description = [u.unit for u in sections["toiminnan-kuvaus"].content.units]
    assert description == list(UNIT_HEADINGS.values())
    assert [u.unit for u in sections["toimintaymparisto"].content.units] == SERVICE_AREAS
    assert [u.unit for u in sections["painopistealueet"].content.units] == SERVICE_AREAS
    (culture,) = [
        u for u in sections["toiminnan-kuvaus"].content.units if u.unit == SERVICE_AREAS[3]
    ]
    # The PDF's bulleted paragraph is a paragraph of its own.
    assert culture.paragraphs[0].endswith("museo ja nuorisopalveluista:")
    assert culture.paragraphs[1].startswith("Kirjastopalvelut ovat lakisääteinen peruspalvelu.")
    assert len(culture.paragraphs) == 5


def test_the_changes_of_the_rest_of_the_year_are_in_the_text_and_listed():
    units = {u.unit: u for u in embedded_sections()["toimintaymparisto"].content.units}
    early = units["Varhaiskasvatus"]
    assert "Rainion päiväkodin toiminta lakkaa 1.8.2024 lukien" in early.paragraphs[0]
    assert [(c.change, c.when) for c in early.changes] == [
        ("Rainion päiväkodin toiminta lakkaa", "1.8.2024"),
        ("Kirkkiksen koulun esiopetusryhmä siirtyy väistöön Tommola-taloon", "1.8.2024"),
    ]
    assert (
        "siirtyy väistöön Tommola-taloon 1.8.2024"
        in units["Opetus- ja koulutuspalvelut"].paragraphs[0]
    )
    assert "Kirjastotoiminta siirtyy kaupungintaloon" in units["Virikkeellinen elämä"].paragraphs[0]
    hyte = units["Hyvinvoinnin ja terveyden edistäminen"]
    assert "TE-uudistukseen että kotouttamislain kokonaisuudistukseen" in hyte.paragraphs[0]
    # 30.6.2024: the only adjustment is the 2022 grants, and no estimate names these changes.
    changes = [c for u in units.values() for c in u.changes]
    assert len(changes) == 5
    assert {c.forecast for c in changes} == {NOT_NAMED}


def _with(data: ReportData, **tables: pd.DataFrame) -> ReportData:
    return dataclasses.replace(data, tables={**dict(data.tables), **tables})


def test_an_adjustment_naming_the_change_puts_it_in_the_forecast():
    data = embedded()
    adjustments = pd.concat(
        [
            data.dataset("forecast_adjustments"),
            pd.DataFrame(
                {
                    "unit": ["Varhaiskasvatus", "Varhaiskasvatus"],
                    "line": ["Henkilöstökulut", "Muut toimintakulut"],
                    "amount": [60_000.0, -5_000.0],
                    "reason": ["RAINION päiväkodin sulkeminen 1.8.", "Muutto Rainiosta"],
                    "source_file": ["ennusteen_oikaisut.csv"] * 2,
                    "source_row": [3, 4],
                }
            ),
        ],
        ignore_index=True,
    )
    section = environment_section(_with(data, forecast_adjustments=adjustments))
    units = {u.unit: u for u in section.content.units}
    rainio, tommola = units["Varhaiskasvatus"].changes
    assert plain(rainio.forecast) == (
        "Ennuste ottaa muutoksen huomioon: ennusteen oikaisu Henkilöstökulut 60 000 € "
        "(suotuisa), Muut toimintakulut -5 000 € (epäsuotuisa)."
    )
    assert tommola.forecast == NOT_NAMED  # the same unit's adjustments name another change


def test_a_management_estimate_of_the_unit_or_the_department_names_the_change():
    data = embedded()
    estimates = data.dataset("management_estimates").copy()
    department = estimates["unit"] == "Hyvinvointilautakunnan toimiala"
    estimates.loc[department, "text"] = "Tommola-talon väistötilat lisäävät vuokria."
    culture = estimates["unit"] == "Virkkeellinen elämä"
    estimates.loc[culture, "text"] = "Rainion päiväkoti ei kuulu tälle palvelualueelle."
    section = environment_section(_with(data, management_estimates=estimates))
    units = {u.unit: u for u in section.content.units}
    school = units["Opetus- ja koulutuspalvelut"].changes[0]
    assert plain(school.forecast) == (
        "Johdon arvio ottaa muutoksen huomioon (Toimintakate -30 012 850 €); mallin "
        "ennusteessa sille ei ole omaa oikaisua."
    )
    rainio = units["Varhaiskasvatus"].changes[0]
    assert rainio.forecast == NOT_NAMED  # another service area's estimate does not count


def test_a_direction_only_estimate_is_quoted_by_its_direction():
    estimates = pd.DataFrame(
        {
            "unit": ["A"],
            "line": ["Henkilöstökulut"],
            "amount": [float("nan")],
            "direction": ["suotuisa"],
            "text": ["Kirjaston muutto syksyllä"],
        }
    )
    assert forecast_coverage(stems_of("kirjasto"), {"A"}, pd.DataFrame(), estimates) == (
        "Johdon arvio ottaa muutoksen huomioon (Henkilöstökulut: suotuisa); mallin ennusteessa "
        "sille ei ole omaa oikaisua."
    )
    assert stems_of(" Tommola , ,Kirkkis") == ("tommola", "kirkkis")
    zero = pd.DataFrame(
        {"unit": ["A"], "line": ["Avustukset"], "amount": [0.0], "reason": ["Kirjasto: ei euroja"]}
    )
    assert forecast_coverage(stems_of("kirjasto"), {"A"}, zero, estimates) == (
        "Ennuste ottaa muutoksen huomioon: ennusteen oikaisu Avustukset 0 € (ei vaikutusta)."
    )
    assert forecast_coverage((), {"A"}, pd.DataFrame(), estimates) == NOT_NAMED


def test_without_the_files_every_chapter_says_the_source_gave_no_text(heinola):
    sections = build_report(ReportData(heinola, dt.date(2024, 6, 30), {}))
    by_anchor = {s.anchor: s for s in sections}
    for anchor in CHAPTERS:
        html = render_section(by_anchor[anchor])
        assert by_anchor[anchor].content.units == ()
        assert "Ei tietoa: lähdeaineisto ei anna tälle luvulle tekstiä." in html


def test_rendered_with_a_heading_per_unit_and_text_escaped(heinola):
    texts = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus"],
            "chapter": ["Toiminnan painopistealueet"],
            "paragraph": [1],
            "text": ["<b>Laatu</b> & arviointi"],
            "source": ["X"],
            "source_file": ["toimintakuvaukset.csv"],
            "source_row": [2],
        }
    )
    sections = build_report(ReportData(heinola, dt.date(2024, 3, 31), {"unit_texts": texts}))
    html = render_section({s.anchor: s for s in sections}["painopistealueet"])
    assert "<h2>Toiminnan painopistealueet 2024</h2>" in html
    assert "<h3>Varhaiskasvatus</h3><p>&lt;b&gt;Laatu&lt;/b&gt; &amp; arviointi</p>" in html
    changes = render_section(embedded_sections()["toimintaymparisto"])
    assert (
        '<p>Muutokset loppuvuonna ja ennuste:</p><ul class="changes"><li><strong>Rainion '
        "päiväkodin toiminta lakkaa (1.8.2024).</strong> Ennuste ei ota muutosta" in changes
    )
    environment = render_section({s.anchor: s for s in sections}["toimintaymparisto"])
    assert "Ei tietoa: lähdeaineisto ei anna tälle luvulle tekstiä." in environment


def test_the_chapters_come_between_the_council_goals_and_the_budget():
    anchors = list(embedded_sections())
    council = anchors.index("toiminnan-kuvaus") - 1
    assert anchors[council + 1 : council + 4] == list(CHAPTERS)
    assert embedded_sections()[anchors[council]].title == "Valtuuston sitovat tavoitteet"
    assert embedded_sections()[anchors[council + 4]].title == "Talousarvion toteutuminen"


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (
            "Varhaiskasvatus;Toiminnan painopistealueet;1;",
            "Päivähoito;Toiminnan painopistealueet;1;",
            r"row 21, column 'Yksikkö': unknown unit 'Päivähoito'",
        ),
        (
            "Varhaiskasvatus;Toiminnan painopistealueet;1;",
            "Varhaiskasvatus;Painopisteet;1;",
            r"row 21, column 'Luku'",
        ),
    ],
)
def test_a_wrong_unit_or_chapter_stops_the_clean_stage_naming_the_cell(
    raw_copy, before, after, message
):
    path = raw_copy / "heinola" / "2024-06-30" / "toimintakuvaukset.csv"
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after), encoding="utf-8")
    with pytest.raises(InputDataError, match=message) as caught:
        build_processed(raw_copy, "heinola", "2024-06-30")
    assert "toimintakuvaukset.csv" in str(caught.value)


def test_an_unknown_unit_of_a_change_stops_the_clean_stage(raw_copy):
    path = raw_copy / "heinola" / "2024-06-30" / "toimintaympariston_muutokset.csv"
    text = path.read_text(encoding="utf-8").replace("Varhaiskasvatus;Rainion", "Päiväkodit;Rainion")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError, match=r"row 4, column 'Yksikkö': unknown unit 'Päiväkodit'"):
        build_processed(raw_copy, "heinola", "2024-06-30")


def test_the_raw_texts_keep_the_source_words():
    # A pattern check on the stored file itself: no PDF line-break hyphenation or bullets.
    raw = (PROJECT_ROOT / "data/raw/heinola/2024-06-30/toimintakuvaukset.csv").read_text("utf-8")
    assert "\uf0b7" not in raw and "  " not in raw
    assert re.search(r"lapsivaikutusten arvioinnit\.;", raw)
