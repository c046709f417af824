"""The Finnish methods text of the forecast, for "Lähteet ja menetelmät" (plain text; the
report escapes it). The numbers in it are the constants the code uses."""

from __future__ import annotations

from helpers.finnish import format_number
from helpers.forecast import choice, intervals, management
from helpers.forecast.lines import ON_BUDGET_SHARE


def _pct(share: float, decimals: int = 0) -> str:
    return f"{format_number(share * 100, decimals)} %"


def methods_paragraphs() -> list[str]:
    """The methods text as paragraphs of plain Finnish text."""
    z = format_number(intervals.Z, 2)
    slope = intervals.RULE_CV_SLOPE
    return [
        "Ennuste lasketaan jokaiselle palvelualueen riville, joka ei ole välisumma, neljällä "
        "menetelmällä: monivuotinen kausiprofiili (toteuma jaettuna aiempien vuosien "
        "keskimääräisellä kertymäosuudella samana kuukautena), edellisen vuoden profiili "
        "(toteuma jaettuna edellisen vuoden vastaavalla osuudella koko vuodesta), lineaarinen "
        "vauhti (toteuma jaettuna kuluneella osalla vuotta) ja talousarvion mukainen "
        "loppuvuosi (toteuma + talousarvio × jäljellä oleva osa vuotta).",
        "Menetelmä valitaan aineiston perusteella, ja peruste näkyy jokaisella rivillä. Kun "
        f"kuukausitoteumia on vähintään {choice.MIN_SEASONAL_YEARS} aiemmalta vuodelta, "
        "käytetään monivuotista kausiprofiilia, jos vuosien kertymäosuudet samana kuukautena "
        f"poikkeavat toisistaan enintään {_pct(choice.MAX_SHARE_SPREAD)}-yksikköä, vaikka "
        "kertymä olisi epätasainen; muuten talousarvion mukaista loppuvuotta. Kun tiedossa "
        "on vain edellisen vuoden profiili, sitä käytetään myös epätasaisille riveille "
        "(avustukset, tuet), ellei se kertoisi toteumaa yli "
        f"{format_number(choice.MAX_PACE_RATIO)} kertaa niin suurella kertoimella kuin "
        "tasainen vauhti tai pienentäisi sitä; silloin käytetään talousarvion mukaista "
        "loppuvuotta ja syy kerrotaan.",
        "Rivi, jolle ei ole kirjattu mitään, vaikka talousarvio odottaa tuloja tai menoja, "
        f"merkitään \u201d{choice.NO_ACCRUAL}\u201d: ennusteena on talousarvio, eikä riviä "
        "ennusteta nollaksi. Sen väli ulottuu nollasta talousarvioon tai edellisen vuoden "
        "tasoon.",
        f"Jokaisella luvulla on {intervals.INTERVAL_NAME}: väli, jonka sisään vuoden "
        f"lopun toteuman arvioidaan osuvan {_pct(intervals.LEVEL)} todennäköisyydellä. Kun "
        "kuukausihistoriaa on, välin leveys lasketaan valitun menetelmän omista virheistä "
        "aiempina vuosina samana kuukautena (Studentin t-jakauma). Muuten käytetään sääntöä: "
        f"väli on ennuste ± {z} × keskihajonta, ja keskihajonta on "
        f"{_pct(intervals.RULE_CV_BASE)} loppuvuoden määrästä (suurempi ennusteen ja "
        "talousarvion mukaisesta) lisättynä rivin epätasaisuudella (edellisen vuoden "
        "kertymäosuuden ero kuluneeseen osaan vuotta) kerrottuna "
        f"{format_number(slope['profile'], 1)}:llä kausiprofiilille, "
        f"{format_number(slope['budget_pace'], 1)}:llä talousarvion mukaiselle "
        f"loppuvuodelle ja {format_number(slope['run_rate'], 1)}:llä lineaariselle vauhdille. "
        "Säännön kertoimet on sovitettu synteettiseen kuukausiaineistoon, ja osumatarkkuus "
        "mitataan komennolla make forecast-eval.",
        "Välisummat ovat osiensa summia ja toimiala on palvelualueidensa summa sekä "
        "ennusteessa että jokaisen menetelmän sarakkeessa; toimialan omat erät (toimialan "
        "luku miinus palvelualueiden summa) ennustetaan erikseen ja lisätään, ja "
        "muutaman euron pyöristyserot jatkuvat talousarvion mukaan. Summien välejä ei saada "
        "laskemalla rivien ääripäitä yhteen: rivien virheet oletetaan toisistaan "
        "riippumattomiksi, ja välin puolikkaat yhdistetään neliösummien neliöjuurena. "
        "Tiedossa olevat erilliset erät (ennusteen oikaisut) lisätään riville, jota ne "
        "koskevat, ja ne siirtävät myös väliä.",
        "Poikkeama talousarviosta on suotuisa, kun tulot ovat talousarviota suuremmat tai "
        "menot sitä pienemmät, ja epäsuotuisa päinvastoin; alle "
        f"{_pct(ON_BUDGET_SHARE, 1)} talousarviosta on talousarvion mukainen. Sama koskee "
        "toteuman vertailua kuluneeseen aikaan ja välejä, jotka ovat kokonaan talousarvion "
        "toisella puolella.",
        "Johdon arvio esitetään mallin rinnalla. Arvio ja malli ovat eri mieltä, kun "
        "euromääräinen arvio poikkeaa mallin ennusteesta enemmän kuin "
        f"{_pct(management.DISAGREEMENT_SHARE)} talousarviosta (kuitenkin vähintään "
        f"{format_number(management.DISAGREEMENT_MIN_EUR)} €), tai kun pelkkä suunta "
        "(suotuisa, epäsuotuisa, talousarvion mukainen) ei vastaa mallin suuntaa samalla "
        "kynnyksellä.",
    ]


def methods_text() -> str:
    """The methods text as one string, paragraphs separated by blank lines."""
    return "\n\n".join(methods_paragraphs())
