"""The raw files of an entity that span periods: data/raw/<entity>/ (and data/raw/ itself for
the national references), each described once by its ``TableSpec``.

The catalog adopts every spec as a clean-stage dataset under the spec's name
(``helpers.catalog.clean_stage``); the parser, the pandera schemas and the README's column
lists all come from these declarations.
"""

from __future__ import annotations

from helpers.schemas import (
    BOOLEAN,
    DATE,
    ENTITY,
    GOAL_STATUSES,
    INTEGER,
    MONTH,
    NATIONAL,
    NUMBER,
    Field,
    TableSpec,
)

_f = Field  # positional: label, name, kind, required

POPULATION = TableSpec(
    "population",
    "vaesto",
    ENTITY,
    (
        _f("Päivämäärä", "date", DATE, doc="date of the count (31.12.)"),
        _f("Asukasluku", "population", INTEGER, minimum=1, doc="residents"),
        _f("Lähde", "source", doc="statistical source"),
    ),
    key=("date",),
    as_of="date",
    doc="Population at year end (Statistics Finland), the denominator of €/asukas.",
)
KEY_FIGURES = TableSpec(
    "key_figures",
    "tunnusluvut",
    ENTITY,
    (
        _f("Tunnusluku", "figure", doc="key figure as printed"),
        _f("Mittayksikkö", "unit_of_measure", doc="€/asukas, €/oppilas, %, …"),
        _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
        _f(
            "Arvon laji",
            "value_type",
            allowed=("Toteutuma", "Ennuste", "Tavoite"),
            doc="actual, forecast or target",
        ),
        _f("Arvo", "value", NUMBER),
    ),
    key=("figure", "unit_of_measure", "year"),
    doc="Tunnusluvut: key figures for three years as printed.",
)
EXTERNAL_FUNDING = TableSpec(
    "external_funding",
    "ulkopuolinen_rahoitus",
    ENTITY,
    (
        _f("Palvelualue", "service_area", doc="as printed"),
        _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
        _f("Arvon laji", "value_type", allowed=("Toteutuma", "Ennuste", "Tavoite")),
        _f("Euroa", "amount", NUMBER, minimum=0, doc="euros", unit="€"),
    ),
    key=("service_area", "year"),
    doc="Ulkopuolinen rahoitus: external funding per service area and year (euros).",
)
WELLBEING_INDEX = TableSpec(
    "wellbeing_index",
    "hyvinvointi_indeksi",
    ENTITY,
    (
        _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
        _f("Indeksi", "index", NUMBER, minimum=0, doc="2020 = 100"),
        _f("Huomautus", "note", required=False),
    ),
    key=("year",),
    doc="The entity's wellbeing index series (2020 = 100).",
)
OCCUPANCY = TableSpec(
    "occupancy",
    "kayttoasteet",
    ENTITY,
    (
        _f("Kuukausi", "month", MONTH, doc="first day of the month"),
        _f("Käyttöaste %", "occupancy_pct", NUMBER, minimum=0, maximum=150),
    ),
    key=("month",),
    as_of="month",
    doc="Early-education occupancy rate by month (%).",
)
FREE_PLACES = TableSpec(
    "free_places",
    "vapaat_paikat",
    ENTITY,
    (
        _f("Päivämäärä", "date", DATE),
        _f(
            "Vapaat varhaiskasvatuspaikat %",
            "free_early_education_pct",
            NUMBER,
            minimum=0,
            maximum=100,
        ),
        _f("Vapaat esiopetuspaikat %", "free_pre_school_pct", NUMBER, minimum=0, maximum=100),
    ),
    key=("date",),
    as_of="date",
    doc="Free early-education and pre-school places, % of all places, by date.",
)
WELFARE_GROUP_MEETINGS = TableSpec(
    "welfare_group_meetings",
    "opiskeluhuoltoryhmat",
    ENTITY,
    (
        _f("Alkupäivä", "start", DATE),
        _f("Loppupäivä", "end", DATE),
        _f("Kokoontumiset", "meetings", INTEGER, minimum=0),
    ),
    key=("start",),
    as_of="end",
    doc="Meetings of the communal student-welfare groups per period.",
)
SURVEYS = TableSpec(
    "surveys",
    "kyselyt",
    ENTITY,
    (
        _f("Kysely", "survey"),
        _f("Kohderyhmä", "target_group", required=False),
        _f("Ajankohta", "when", required=False),
        _f("Mittari", "measure"),
        _f("Vastaajia", "respondents", INTEGER, required=False, minimum=0),
        _f("Lukumäärä", "count", INTEGER, required=False, minimum=0),
        _f("Osuus %", "share_pct", NUMBER, required=False, minimum=0, maximum=100),
        _f("Arvo", "value", NUMBER, required=False),
        _f("Asteikko", "scale", required=False),
        _f("Vertailuarvo", "reference_value", NUMBER, required=False),
        _f("Vertailun laji", "reference_type", required=False),
        _f("Tarkkuus", "precision", required=False, allowed=("noin", "yli", "alle")),
    ),
    added=(
        (
            "suppressed",
            BOOLEAN,
            "true where `count`, `share_pct` and `value` are blanked: a group smaller than 5",
        ),
    ),
    doc="Survey results from the running text, one row per reported figure; figures of a "
    "group smaller than five are blanked and flagged ``suppressed`` by the clean stage.",
)
VISITORS = TableSpec(
    "visitors",
    "kavijamaarat",
    ENTITY,
    (
        _f("Kohde", "venue"),
        _f("Alkupäivä", "start", DATE),
        _f("Loppupäivä", "end", DATE),
        _f("Kävijöitä", "visitors", INTEGER, minimum=0),
        _f("Tarkkuus", "precision", required=False, allowed=("noin", "yli", "alle")),
    ),
    key=("venue", "start"),
    as_of="end",
    doc="Visitor counts mentioned in goal realisations.",
)
OTHER_METRICS = TableSpec(
    "other_metrics",
    "muut_mittarit",
    ENTITY,
    (
        _f("Mittari", "metric"),
        _f("Päivämäärä", "date", DATE, required=False, doc="empty for targets and facts"),
        _f("Arvo", "value", NUMBER),
        _f("Mittayksikkö", "unit_of_measure", required=False),
        _f("Lähde", "section", doc="report section the figure is printed in"),
    ),
    key=("metric", "date"),
    as_of="date",
    doc="Other numeric facts printed in the running text and goal tables.",
)
GOALS = TableSpec(
    "goals",
    "tavoitteet",
    ENTITY,
    (
        _f("Tunnus", "goal_id"),
        _f(
            "Taso",
            "level",
            allowed=("Strateginen mittari", "Valtuuston sitovuustaso", "Käyttösuunnitelma"),
        ),
        _f("Palvelualue", "unit_code", required=False),
        _f("Strateginen päämäärä", "strategic_goal"),
        _f("Tavoite", "goal", required=False),
        _f("Mittari ja tavoitetaso", "metric", required=False),
        _f("Vastuu", "responsible", required=False),
    ),
    key=("goal_id",),
    doc="Goals: strategic metrics, council-binding goals and operating-plan goals.",
)
GOAL_REALISATIONS = TableSpec(
    "goal_realisations",
    "tavoitteiden_toteuma",
    ENTITY,
    (
        _f("Tunnus", "goal_id"),
        _f("Päivämäärä", "date", DATE),
        _f("Toteuma", "realisation", required=False),
        _f("Tila", "status", required=False, allowed=GOAL_STATUSES),
    ),
    key=("goal_id", "date"),
    as_of="date",
    doc="Realisation text and status of each goal per reporting date.",
)
MONTHLY_ACTUALS = TableSpec(
    "monthly_actuals",
    "kuukausitoteumat",
    ENTITY,
    (
        _f("Yksikkö", "unit"),
        _f("Rivi", "line"),
        _f("Kuukausi", "month", MONTH),
        _f("Euroa", "amount", NUMBER, unit="€"),
    ),
    key=("unit", "line", "month"),
    as_of="month",
    doc="Optional monthly actuals per unit and line for seasonal profiles and backtests.",
)
NATIONAL_REFERENCES = TableSpec(
    "national_references",
    "kansalliset_vertailutiedot",
    NATIONAL,
    (
        _f("Mittari", "metric"),
        _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
        _f("Arvo", "value", NUMBER, doc="national average"),
        _f("Alaraja", "low", NUMBER, required=False),
        _f("Yläraja", "high", NUMBER, required=False),
        _f("Mittayksikkö", "unit_of_measure"),
        _f("Lähde", "source"),
    ),
    key=("metric", "year"),
    doc="National comparison figures shared by all entities (data/raw/ itself).",
)
SERVICE_VOLUMES = TableSpec(
    "service_volumes",
    "palvelumaarat",
    ENTITY,
    (
        _f("Tehtävä", "function", doc="function (tehtävä) as in key_figure_units"),
        _f("Suorite", "volume_name", doc="volume as in unit_cost_figures (oppilaat, …)"),
        _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
        _f("Tilastopäivä", "statistical_date", DATE, required=False, doc="date counted"),
        _f(
            "Määrä",
            "volume",
            NUMBER,
            required=False,
            minimum=1,
            doc="empty when no count is published: derived from the key figures",
        ),
        _f("Määritelmä", "definition", required=False, doc="what is counted"),
        _f("Lähde", "source", doc="Vipunen, Tilastokeskus, oma rekisteri, …"),
    ),
    key=("function", "volume_name", "year"),
    doc="Service volumes per function and year: the denominators of the unit costs.",
)
