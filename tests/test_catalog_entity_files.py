"""The raw files of an entity that span periods: their names, printed headers and the rules
the parser applies from their declarations."""

import csv
import datetime as dt

import pandas as pd
import pytest

from helpers.catalog import entity_files
from helpers.config import PROJECT_ROOT
from helpers.errors import InputDataError
from helpers.ingest import load_table
from helpers.schemas import ENTITY, NATIONAL, TableSpec

RAW = PROJECT_ROOT / "data" / "raw"
PERIOD_END = dt.date(2024, 6, 30)

# Processed name -> raw file stem, as data/raw/README.md documents them.
NAMES = {
    "population": "vaesto",
    "key_figures": "tunnusluvut",
    "external_funding": "ulkopuolinen_rahoitus",
    "wellbeing_index": "hyvinvointi_indeksi",
    "occupancy": "kayttoasteet",
    "free_places": "vapaat_paikat",
    "welfare_group_meetings": "opiskeluhuoltoryhmat",
    "surveys": "kyselyt",
    "visitors": "kavijamaarat",
    "other_metrics": "muut_mittarit",
    "goals": "tavoitteet",
    "goal_realisations": "tavoitteiden_toteuma",
    "monthly_actuals": "kuukausitoteumat",
    "national_references": "kansalliset_vertailutiedot",
    "service_volumes": "palvelumaarat",
}
SPECS = [value for value in vars(entity_files).values() if isinstance(value, TableSpec)]


def test_every_entity_file_is_declared_with_its_name_and_stem():
    assert {spec.name: spec.stem for spec in SPECS} == NAMES


def test_national_references_live_in_data_raw_itself_the_rest_in_the_entity_folder():
    assert entity_files.NATIONAL_REFERENCES.scope == NATIONAL
    assert {s.name for s in SPECS if s.scope == ENTITY} == set(NAMES) - {"national_references"}


def test_keys_and_as_of_dates_name_declared_fields():
    for spec in SPECS:
        names = {f.name for f in spec.fields}
        assert set(spec.key) <= names, spec.name
        assert spec.as_of is None or spec.as_of in names, spec.name


def header(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file, delimiter=";"))


def embedded(spec: TableSpec):
    return (RAW if spec.scope == NATIONAL else RAW / "heinola") / f"{spec.stem}.csv"


def test_only_the_optional_monthly_actuals_are_missing_from_the_embedded_data():
    assert [s.name for s in SPECS if not embedded(s).exists()] == ["monthly_actuals"]


@pytest.mark.parametrize(
    "spec", [s for s in SPECS if embedded(s).exists()], ids=lambda spec: spec.name
)
def test_printed_labels_are_the_headers_of_the_embedded_file(spec):
    assert [f.printed_label(PERIOD_END) for f in spec.fields] == header(embedded(spec))


def load(tmp_path, spec, *rows: str):
    folder = tmp_path if spec.scope == NATIONAL else tmp_path / "heinola"
    folder.mkdir(exist_ok=True)
    labels = ";".join(f.label for f in spec.fields)
    (folder / f"{spec.stem}.csv").write_text("\n".join([labels, *rows]) + "\n", "utf-8")
    table, _totals = load_table(spec, tmp_path, "heinola", PERIOD_END)
    return table


def test_population_counted_after_the_period_end_is_not_yet_known(tmp_path):
    table = load(
        tmp_path,
        entity_files.POPULATION,
        "31.12.2023;17 953;Tilastokeskus",
        "31.12.2024;17 827;Tilastokeskus",
    )
    assert table["population"].tolist() == [17953]
    assert table["date"].tolist() == [pd.Timestamp("2023-12-31")]
    assert table["source_row"].tolist() == [2]


def test_a_population_of_zero_is_refused(tmp_path):
    with pytest.raises(InputDataError) as caught:
        load(tmp_path, entity_files.POPULATION, "31.12.2022;17 900;T", "31.12.2023;0;T")
    assert (caught.value.row, caught.value.column) == (3, "Asukasluku")


def test_a_key_figure_of_an_unknown_value_type_is_refused(tmp_path):
    with pytest.raises(InputDataError) as caught:
        load(tmp_path, entity_files.KEY_FIGURES, "HYTE-kerroin;€/asukas;2023;Arvio;20,6")
    error = caught.value
    assert (error.row, error.column) == (2, "Arvon laji")
    assert "'Arvio' is not allowed" in error.reason


def test_the_same_key_figure_twice_is_refused(tmp_path):
    with pytest.raises(InputDataError, match="duplicate row.*already on row 2") as caught:
        load(
            tmp_path,
            entity_files.KEY_FIGURES,
            "HYTE-kerroin;€/asukas;2023;Ennuste;20,6",
            "HYTE-kerroin;€/oppilas;2023;Ennuste;169,5",  # another unit: no duplicate
            "HYTE-kerroin;€/asukas;2023;Toteutuma;21",
        )
    assert caught.value.row == 4


@pytest.mark.parametrize(("rate", "accepted"), [("150", True), ("150,5", False), ("0", True)])
def test_occupancy_may_exceed_100_but_not_150(tmp_path, rate, accepted):
    rows = ("1.2024;79,47", f"2.2024;{rate}")
    if accepted:
        table = load(tmp_path, entity_files.OCCUPANCY, *rows)
        assert table["month"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
        assert table["occupancy_pct"].tolist() == [79.47, float(rate.replace(",", "."))]
    else:
        with pytest.raises(InputDataError) as caught:
            load(tmp_path, entity_files.OCCUPANCY, *rows)
        assert (caught.value.row, caught.value.column) == (3, "Käyttöaste %")


def test_a_survey_row_needs_only_its_survey_and_measure(tmp_path):
    table = load(
        tmp_path, entity_files.SURVEYS, "Kouluterveyskysely;;;Kokee olonsa hyväksi;;;;;;;;"
    )
    assert table["survey"].tolist() == ["Kouluterveyskysely"]
    assert table["share_pct"].isna().all() and table["precision"].isna().all()
    with pytest.raises(InputDataError) as caught:
        load(tmp_path, entity_files.SURVEYS, ";;;Kokee olonsa hyväksi;;;;;;;;")
    assert (caught.value.row, caught.value.column) == (2, "Kysely")


def test_a_goal_status_outside_the_four_is_refused(tmp_path):
    with pytest.raises(InputDataError, match="'Valmis' is not allowed in 'Tila'"):
        load(tmp_path, entity_files.GOAL_REALISATIONS, "SM01;30.6.2024;teksti;Valmis")
    table = load(
        tmp_path, entity_files.GOAL_REALISATIONS, "SM01;30.6.2024;teksti;Toteutuu osittain"
    )
    assert table["status"].tolist() == ["Toteutuu osittain"]


def test_national_references_are_read_from_the_raw_folder_itself(tmp_path):
    table = load(
        tmp_path,
        entity_files.NATIONAL_REFERENCES,
        "HYTE-kerroin;2023;18,23;7,50;22;€/asukas;Kuntaliitto",
    )
    assert table[["value", "low", "high"]].iloc[0].tolist() == [18.23, 7.5, 22.0]


def test_monthly_actuals_keep_the_sign_and_drop_months_after_the_period(tmp_path):
    table = load(
        tmp_path,
        entity_files.MONTHLY_ACTUALS,
        "Opetus;Toimintakulut;6.2024;-1 234,50",
        "Opetus;Toimintakulut;7.2024;-99",
        "Opetus;Myyntituotot;6.2024;250",
    )
    assert table[["line", "amount"]].values.tolist() == [
        ["Toimintakulut", -1234.5],
        ["Myyntituotot", 250.0],
    ]
