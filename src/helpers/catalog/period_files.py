"""The raw files of one reporting period: data/raw/<entity>/<period_end>/, each described once
by its ``TableSpec`` (the income statement and the budget summary, read by
``helpers.income_statement``, are declared in ``helpers.catalog.clean_stage``).
"""

from __future__ import annotations

from helpers.schemas import DATE, INTEGER, NUMBER, PERIOD, Field, TableSpec

_f = Field  # positional: label, name, kind, required

# The chapters of an interim report's running text per unit, in the order they are printed.
TEXT_CHAPTERS = (
    "Kuvaus toiminnasta",
    "Toimintaympäristö ja sen muutokset",
    "Toiminnan painopistealueet",
)

ASSESSMENTS = TableSpec(
    "assessments",
    "arviot",
    PERIOD,
    (
        _f("Yksikkö", "unit"),
        _f("Aihe", "topic"),
        _f("Päivämäärä", "date", DATE),
        _f("Teksti", "text"),
    ),
    key=("unit", "topic", "text"),
    doc="Written assessments of budget realisation and investments for the period.",
)
PROJECTS = TableSpec(
    "projects",
    "hankkeet",
    PERIOD,
    (
        _f("Strateginen päämäärä", "strategic_goal", required=False),
        _f("Hankkeen nimi", "project"),
        _f("Toteutusaika", "duration", required=False),
        _f("Kokonaisrahoitus €", "total_funding", NUMBER, minimum=0),
        _f("Rahoittaja", "funder", required=False),
        _f(
            "Kaupungin rahoitusosuus %",
            "city_share_pct",
            NUMBER,
            required=False,
            minimum=0,
            maximum=100,
        ),
        _f(
            "Menojen toteuma %",
            "spending_printed",
            required=False,
            doc="as printed; may hold two figures such as '70,4 / 83,4'",
        ),
        _f("Tilannekatsaus", "status_text", required=False),
    ),
    key=("project", "duration"),
    total_label=("project", "Yhteensä"),
    doc="Projects (hankkeet) and their funding; the printed total row is audited.",
)
INVESTMENTS = TableSpec(
    "investments",
    "investoinnit",
    PERIOD,
    (
        _f("Yksikkö", "unit"),
        _f("Selite", "line", allowed=("Tulot", "Menot", "Netto")),
        _f("TP {prev}", "prior_year", NUMBER, unit="€"),
        _f("TA {year}", "budget", NUMBER, unit="€"),
        _f("Toteuma 1-{month}", "actual", NUMBER, unit="€"),
        _f("Poikkeama", "deviation_printed", NUMBER, required=False, unit="€"),
        _f("Toteuma %", "realisation_pct_printed", NUMBER, required=False),
    ),
    key=("unit", "line"),
    doc="Investments (irtain omaisuus); printed deviation and % are audited.",
)
INVESTMENT_ITEMS = TableSpec(
    "investment_items",
    "investointikohteet",
    PERIOD,
    (
        _f("Palvelualue", "service_area", required=False),
        _f("Kohde", "item"),
        _f("Varattu €", "reserved", NUMBER, required=False, minimum=0),
        _f("Käytetty €", "spent", NUMBER, required=False, minimum=0),
        _f("Tila", "state", required=False),
    ),
    key=("item",),
    doc="Investment items named in the text with their reserved and spent euros.",
)
RISKS = TableSpec(
    "risks",
    "riskit",
    PERIOD,
    (
        _f("Riskiluokka", "risk_class"),
        _f("Tunnistettu riski", "risk"),
        _f("Todennäköisyys", "probability", INTEGER, minimum=1, maximum=5),
        _f("Merkittävyys", "significance", INTEGER, minimum=1, maximum=5),
        _f("Hallintakeino", "control", required=False),
        _f("Hallintakeinon toteutuminen", "control_realisation", required=False),
    ),
    key=("risk",),
    doc="Risks with probability and significance (1 = low).",
)
FORECAST_ADJUSTMENTS = TableSpec(
    "forecast_adjustments",
    "ennusteen_oikaisut",
    PERIOD,
    (
        _f("Yksikkö", "unit", doc="unit label as in the income statement"),
        _f("Rivi", "line", doc="income-statement line"),
        _f(
            "Euroa",
            "amount",
            NUMBER,
            doc="euros, income positive and costs negative",
            unit="€",
        ),
        _f("Peruste", "reason"),
    ),
    key=("unit", "line", "reason"),
    doc="Known adjustments added on top of the year-end forecast.",
)
MANAGEMENT_ESTIMATES = TableSpec(
    "management_estimates",
    "johdon_arviot",
    PERIOD,
    (
        _f("Yksikkö", "unit", doc="unit label as in the income statement"),
        _f("Rivi", "line", doc="income-statement line, usually the net margin"),
        _f("Euroa", "amount", NUMBER, required=False, doc="year-end estimate in euros"),
        _f(
            "Suunta",
            "direction",
            required=False,
            allowed=(
                "suotuisa",
                "epäsuotuisa",
                "talousarvion mukainen",
                "talousarvion mukainen tai suotuisa",
                "talousarvion mukainen tai epäsuotuisa",
            ),
            doc="direction against the budget when no euros are given",
        ),
        _f("Peruste", "text", doc="the assessment the estimate is read from"),
        _f("Päivämäärä", "date", DATE),
    ),
    key=("unit", "line"),
    doc="Management's own year-end estimates, shown beside the model's forecast.",
)
FUNCTION_NET_COSTS = TableSpec(
    "function_net_costs",
    "tehtavien_nettokustannukset",
    PERIOD,
    (
        _f("Tehtävä", "function", doc="function (tehtävä) as in key_figure_units"),
        _f("TP {prev}", "prior_year", NUMBER, doc="toimintakate, net cost negative"),
        _f("TA {year}", "budget", NUMBER, doc="toimintakate, net cost negative"),
    ),
    key=("function",),
    doc="Optional toimintakate per function (tehtävä); without it a unit's net cost is "
    "split among its functions by their published €/asukas.",
)
# The report's running text per unit, and the changes of the operating environment in it.
UNIT_TEXTS = TableSpec(
    "unit_texts",
    "toimintakuvaukset",
    PERIOD,
    (
        _f("Yksikkö", "unit", doc="unit label as in the income statement"),
        _f("Luku", "chapter", allowed=TEXT_CHAPTERS),
        _f("Kappale", "paragraph", INTEGER, minimum=1, doc="paragraph number in the unit"),
        _f("Teksti", "text", doc="the paragraph as printed"),
        _f("Lähde", "source", doc="the printed chapter and unit headings it is under"),
    ),
    key=("unit", "chapter", "paragraph"),
    doc="The source report's description, operating environment and priorities per unit.",
)
ENVIRONMENT_CHANGES = TableSpec(
    "environment_changes",
    "toimintaympariston_muutokset",
    PERIOD,
    (
        _f("Yksikkö", "unit", doc="unit label as in the income statement"),
        _f("Muutos", "change", doc="the change, in a few words"),
        _f("Ajankohta", "when", doc="when it takes effect, as the text says"),
        _f(
            "Hakusanat",
            "keywords",
            doc="comma-separated word stems; an adjustment or estimate naming one names it",
        ),
    ),
    key=("unit", "change"),
    doc="Changes of the operating environment that may move euros in the rest of the year.",
)
