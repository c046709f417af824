"""Assessments under a unit's figures (``helpers.report.assessments``)."""

from report_data import embedded

from helpers.report import assessments


def test_a_units_own_assessment_of_the_budget():
    written = assessments.written(
        embedded(), "Opetus- ja koulutuspalvelut", "Talousarvion toteutuminen"
    )
    assert len(written) == 1
    assert written[0].heading == "Oma arvio: Opetus- ja koulutuspalvelut (30.6.2024)"
    assert written[0].paragraphs[0].startswith("Toinen neljännes talousarviovuodesta")
    assert not written[0].computed
    # The export misspells the unit; the heading uses the configured name.
    own = assessments.written(embedded(), "Virkkeellinen elämä", "Investoinnit")
    assert own[0].heading.startswith("Oma arvio: Virikkeellinen elämä")


def test_computed_sentences_of_the_department():
    sentences = assessments.computed(embedded(), "Hyvinvointilautakunnan toimiala")
    assert sentences.computed and sentences.heading == "Laskennallinen arvio"
    # Source report: TOT −15 134 455 of TA −29 922 850 = 50,578 % at 6 of 12 months (50 %),
    # 0,578 points ahead → "0,6 %-yksikköä vuoden kulumaa edellä".
    assert sentences.paragraphs[0] == (
        "Toimintakatteesta on käytetty 50,58 % talousarviosta, kun vuodesta on kulunut 50 %, "
        "eli 0,6 %-yksikköä vuoden kulumaa edellä."
    )


def test_no_assessments_for_a_topic_nobody_wrote():
    assert assessments.written(embedded(), "Varhaiskasvatus", "Investoinnit") == ()
