"""The raw files of one reporting period: their names, printed headers (with the period's
year and month) and the rules the parser applies from their declarations."""

import csv
import datetime as dt

import pytest

from helpers.catalog import period_files
from helpers.config import PROJECT_ROOT
from helpers.errors import InputDataError
from helpers.ingest import load_table
from helpers.schemas import PERIOD, TableSpec

PERIOD_END = dt.date(2024, 6, 30)
EMBEDDED = PROJECT_ROOT / "data" / "raw" / "heinola" / PERIOD_END.isoformat()

# Processed name -> raw file stem, as data/raw/README.md documents them.
NAMES = {
    "assessments": "arviot",
    "projects": "hankkeet",
    "investments": "investoinnit",
    "investment_items": "investointikohteet",
    "risks": "riskit",
    "forecast_adjustments": "ennusteen_oikaisut",
    "management_estimates": "johdon_arviot",
    "function_net_costs": "tehtavien_nettokustannukset",
    "unit_texts": "toimintakuvaukset",
    "environment_changes": "toimintaympariston_muutokset",
}
SPECS = [value for value in vars(period_files).values() if isinstance(value, TableSpec)]


def test_every_period_file_is_declared_with_its_name_and_stem_in_the_period_folder():
    assert {spec.name: spec.stem for spec in SPECS} == NAMES
    assert {spec.scope for spec in SPECS} == {PERIOD}


def test_keys_name_declared_fields():
    for spec in SPECS:
        assert set(spec.key) <= {f.name for f in spec.fields}, spec.name


def test_text_chapters_in_the_order_the_report_prints_them():
    assert period_files.TEXT_CHAPTERS == (
        "Kuvaus toiminnasta",
        "Toimintaympäristö ja sen muutokset",
        "Toiminnan painopistealueet",
    )


def header(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file, delimiter=";"))


def test_only_the_optional_function_net_costs_are_missing_from_the_embedded_data():
    missing = [s.name for s in SPECS if not (EMBEDDED / f"{s.stem}.csv").exists()]
    assert missing == ["function_net_costs"]


@pytest.mark.parametrize(
    "spec",
    [s for s in SPECS if (EMBEDDED / f"{s.stem}.csv").exists()],
    ids=lambda spec: spec.name,
)
def test_printed_labels_are_the_headers_of_the_embedded_file(spec):
    labels = [f.printed_label(PERIOD_END) for f in spec.fields]
    assert labels == header(EMBEDDED / f"{spec.stem}.csv")


def test_investment_headers_carry_the_period():
    labels = [f.printed_label(dt.date(2025, 9, 30)) for f in period_files.INVESTMENTS.fields]
    assert labels[2:5] == ["TP 2024", "TA 2025", "Toteuma 1-9"]


def write(tmp_path, spec, labels: list[str], *rows: str) -> None:
    folder = tmp_path / "heinola" / PERIOD_END.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{spec.stem}.csv").write_text("\n".join([";".join(labels), *rows]) + "\n", "utf-8")


def load(tmp_path, spec, *rows: str):
    write(tmp_path, spec, [f.printed_label(PERIOD_END) for f in spec.fields], *rows)
    return load_table(spec, tmp_path, "heinola", PERIOD_END)


def test_an_investment_file_of_the_previous_year_is_refused_by_its_headers(tmp_path):
    labels = ["Yksikkö", "Selite", "TP 2022", "TA 2023", "Toteuma 1-6", "Poikkeama", "Toteuma %"]
    write(tmp_path, period_files.INVESTMENTS, labels, "HYVINVOINTI;Menot;-1;-2;-3;;")
    with pytest.raises(InputDataError, match="missing column") as caught:
        load_table(period_files.INVESTMENTS, tmp_path, "heinola", PERIOD_END)
    error = caught.value
    assert error.file.endswith("investoinnit.csv")
    assert (error.row, error.column) == (1, "TP 2023")


def test_investment_lines_are_income_spending_or_net(tmp_path):
    table, _ = load(
        tmp_path, period_files.INVESTMENTS, "HYVINVOINTI;Menot;-198 824;-270 000;-9 940;;3,68"
    )
    assert table[["prior_year", "budget", "actual"]].iloc[0].tolist() == [
        -198824.0,
        -270000.0,
        -9940.0,
    ]
    with pytest.raises(InputDataError, match="'Kulut' is not allowed in 'Selite'"):
        load(tmp_path, period_files.INVESTMENTS, "HYVINVOINTI;Kulut;-1;-2;-3;;")


def test_the_printed_project_total_is_kept_apart_for_the_audit(tmp_path):
    table, totals = load(
        tmp_path,
        period_files.PROJECTS,
        "Hyvinvoinnin kasvu;Kokeilu A;2021–2024;20 000;OKM;0;100;valmis",
        "Hyvinvoinnin kasvu;Kokeilu B;2024;34 000;AVI;20;6,2;alkanut",
        ";Yhteensä;;54 000;;;;",
    )
    assert table["project"].tolist() == ["Kokeilu A", "Kokeilu B"]
    assert table["total_funding"].sum() == 54000
    assert len(totals) == 1 and totals["source_file"].tolist() == ["hankkeet.csv"]


def test_a_city_share_over_100_percent_is_refused(tmp_path):
    with pytest.raises(InputDataError) as caught:
        load(tmp_path, period_files.PROJECTS, "G;Kokeilu;2024;1 000;OKM;120;;")
    assert (caught.value.row, caught.value.column) == (2, "Kaupungin rahoitusosuus %")


@pytest.mark.parametrize(("probability", "accepted"), [("1", True), ("5", True), ("6", False)])
def test_risk_scores_run_from_1_to_5(tmp_path, probability, accepted):
    row = f"Toiminnallinen riski;Rekrytointi;{probability};2;;"
    if accepted:
        table, _ = load(tmp_path, period_files.RISKS, row)
        assert table["probability"].tolist() == [int(probability)]
    else:
        with pytest.raises(InputDataError) as caught:
            load(tmp_path, period_files.RISKS, row)
        assert (caught.value.row, caught.value.column) == (2, "Todennäköisyys")


def test_a_management_estimate_with_an_unknown_direction_is_refused(tmp_path):
    row = "Opetus;Toimintakate;;parempi;teksti;30.6.2024"
    with pytest.raises(InputDataError, match="'parempi' is not allowed in 'Suunta'"):
        load(tmp_path, period_files.MANAGEMENT_ESTIMATES, row)
    table, _ = load(
        tmp_path,
        period_files.MANAGEMENT_ESTIMATES,
        "Opetus;Toimintakate;;talousarvion mukainen tai suotuisa;teksti;30.6.2024",
    )
    assert table["amount"].isna().all()


def test_a_unit_text_under_an_unknown_chapter_is_refused(tmp_path):
    row = "Opetus;Talous;1;teksti;OTSIKKO"
    with pytest.raises(InputDataError, match="'Talous' is not allowed in 'Luku'"):
        load(tmp_path, period_files.UNIT_TEXTS, row)
    with pytest.raises(InputDataError) as caught:
        load(tmp_path, period_files.UNIT_TEXTS, "Opetus;Kuvaus toiminnasta;0;teksti;OTSIKKO")
    assert (caught.value.row, caught.value.column) == (2, "Kappale")
