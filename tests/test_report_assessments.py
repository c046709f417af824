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
    # 0,578 points more net cost than the time elapsed: 0,6 points larger, unfavourable.
    assert sentences.paragraphs[0] == (
        "Toimintakatteen talousarviosta on toteutunut 50,58 %, kun vuodesta on kulunut 50 %: "
        "toteuma on kuluneeseen aikaan nähden 0,6 %-yksikköä suurempi (epäsuotuisa)."
    )


def test_net_cost_behind_the_elapsed_time_is_favourable():
    # Source report, Hyvinvoinnin ja terveyden edistäminen: Toimintakate TOT-24 49,24 %
    # (−274 886 of −558 300) at 50 %: 0,76 points less net cost than the time elapsed.
    sentences = assessments.computed(embedded(), "Hyvinvoinnin ja terveyden edistäminen")
    assert sentences.paragraphs[0] == (
        "Toimintakatteen talousarviosta on toteutunut 49,24 %, kun vuodesta on kulunut 50 %: "
        "toteuma on kuluneeseen aikaan nähden 0,8 %-yksikköä pienempi (suotuisa)."
    )


def test_no_assessments_for_a_topic_nobody_wrote():
    assert assessments.written(embedded(), "Varhaiskasvatus", "Investoinnit") == ()
