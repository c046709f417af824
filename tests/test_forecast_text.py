"""The Finnish methods text (helpers.forecast.text) the board reads in "Lähteet ja
menetelmät": every word and number checked against a copy written out by hand.

The numbers, stated by hand: two years of monthly history; profiles stable within 15
points; last year's profile at most 2 times the straight line's multiplier; z of an 80 %
interval 1,28 (1,2816 to two decimals); the rule's base 6 % and slopes 0,4 / 2,5 / 4,0; on
budget within 0,5 %; management disagrees beyond 1 % of the budget, at least 10 000 €.
"""

import pytest

from helpers.forecast.text import _pct, methods_paragraphs, methods_text

EXPECTED = [
    "Ennuste lasketaan jokaiselle palvelualueen riville, joka ei ole välisumma, neljällä "
    "menetelmällä: monivuotinen kausiprofiili (toteuma jaettuna aiempien vuosien "
    "keskimääräisellä kertymäosuudella samana kuukautena), edellisen vuoden profiili "
    "(toteuma jaettuna edellisen vuoden vastaavalla osuudella koko vuodesta), lineaarinen "
    "vauhti (toteuma jaettuna kuluneella osalla vuotta) ja talousarvion mukainen "
    "loppuvuosi (toteuma + talousarvio × jäljellä oleva osa vuotta).",
    "Menetelmä valitaan aineiston perusteella, ja peruste näkyy jokaisella rivillä. Kun "
    "kuukausitoteumia on vähintään 2 aiemmalta vuodelta, käytetään monivuotista "
    "kausiprofiilia, jos vuosien kertymäosuudet samana kuukautena poikkeavat toisistaan "
    "enintään 15 %-yksikköä, vaikka kertymä olisi epätasainen; muuten talousarvion mukaista "
    "loppuvuotta. Kun tiedossa on vain edellisen vuoden profiili, sitä käytetään myös "
    "epätasaisille riveille (avustukset, tuet), ellei se kertoisi toteumaa yli 2 kertaa niin "
    "suurella kertoimella kuin tasainen vauhti tai pienentäisi sitä; silloin käytetään "
    "talousarvion mukaista loppuvuotta ja syy kerrotaan.",
    "Rivi, jolle ei ole kirjattu mitään, vaikka talousarvio odottaa tuloja tai menoja, "
    "merkitään \u201dei kertymää\u201d: ennusteena on talousarvio, eikä riviä ennusteta "
    "nollaksi. Sen väli ulottuu nollasta talousarvioon tai edellisen vuoden tasoon.",
    "Jokaisella luvulla on 80 %:n ennusteväli: väli, jonka sisään vuoden lopun toteuman "
    "arvioidaan osuvan 80 % todennäköisyydellä. Kun kuukausihistoriaa on, välin leveys "
    "lasketaan valitun menetelmän omista virheistä aiempina vuosina samana kuukautena "
    "(Studentin t-jakauma). Muuten käytetään sääntöä: väli on ennuste ± 1,28 × keskihajonta, "
    "ja keskihajonta on 6 % loppuvuoden määrästä (suurempi ennusteen ja talousarvion "
    "mukaisesta) lisättynä rivin epätasaisuudella (edellisen vuoden kertymäosuuden ero "
    "kuluneeseen osaan vuotta) kerrottuna 0,4:llä kausiprofiilille, 2,5:llä talousarvion "
    "mukaiselle loppuvuodelle ja 4,0:llä lineaariselle vauhdille. Säännön kertoimet on "
    "sovitettu synteettiseen kuukausiaineistoon, ja osumatarkkuus mitataan komennolla make "
    "forecast-eval.",
    "Välisummat ovat osiensa summia ja toimiala on palvelualueidensa summa sekä ennusteessa "
    "että jokaisen menetelmän sarakkeessa; toimialan omat erät (toimialan luku miinus "
    "palvelualueiden summa) ennustetaan erikseen ja lisätään, ja muutaman euron "
    "pyöristyserot jatkuvat talousarvion mukaan. Summien välejä ei saada laskemalla rivien "
    "ääripäitä yhteen: rivien virheet oletetaan toisistaan riippumattomiksi, ja välin "
    "puolikkaat yhdistetään neliösummien neliöjuurena. Tiedossa olevat erilliset erät "
    "(ennusteen oikaisut) lisätään riville, jota ne koskevat, ja ne siirtävät myös väliä.",
    "Poikkeama talousarviosta on suotuisa, kun tulot ovat talousarviota suuremmat tai menot "
    "sitä pienemmät, ja epäsuotuisa päinvastoin; alle 0,5 % talousarviosta on talousarvion "
    "mukainen. Sama koskee toteuman vertailua kuluneeseen aikaan ja välejä, jotka ovat "
    "kokonaan talousarvion toisella puolella.",
    "Johdon arvio esitetään mallin rinnalla. Arvio ja malli ovat eri mieltä, kun "
    "euromääräinen arvio poikkeaa mallin ennusteesta enemmän kuin 1 % talousarviosta "
    "(kuitenkin vähintään 10 000 €), tai kun pelkkä suunta (suotuisa, epäsuotuisa, "
    "talousarvion mukainen) ei vastaa mallin suuntaa samalla kynnyksellä.",
]


def plain(text: str) -> str:
    """Babel's Finnish digit grouping uses a no-break space; the copy above a plain one."""
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_each_paragraph_word_for_word(index):
    paragraphs = methods_paragraphs()
    assert len(paragraphs) == 7
    assert plain(paragraphs[index]) == EXPECTED[index]


def test_the_text_is_the_paragraphs_separated_by_blank_lines():
    assert plain(methods_text()) == "\n\n".join(EXPECTED)


def test_the_direction_words_agree_with_the_sign():
    """Income above budget and costs below it are favourable; the words "yli / alle
    talousarvion", which mean opposite things for income and costs, are not used."""
    text = plain(methods_text())
    assert "suotuisa, kun tulot ovat talousarviota suuremmat tai menot sitä pienemmät" in text
    assert "epäsuotuisa päinvastoin" in text
    assert "yli talousarvion" not in text and "alle talousarvion" not in text


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [(0.15, 0, "15 %"), (0.005, 1, "0,5 %"), (0.8, 0, "80 %"), (0.06, 0, "6 %"), (0.01, 0, "1 %")],
)
def test_percent_in_finnish(share, decimals, expected):
    assert _pct(share, decimals) == expected


def test_percent_has_no_decimals_by_default():
    assert _pct(0.125) in ("12 %", "13 %") and "," not in _pct(0.125)
