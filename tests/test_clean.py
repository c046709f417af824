"""The clean stage: every raw table of the source report, validation errors, safe writes."""

import subprocess
import sys

import pandas as pd
import pytest
from conftest import RAW

from helpers.catalog import RISKS, TABLES
from helpers.clean import build_processed, write_processed
from helpers.errors import InputDataError
from helpers.ingest import load_table
from helpers.schemas import processed_schema

PERIOD = "2024-06-30"


@pytest.fixture(scope="module")
def tables():
    return build_processed(RAW, "heinola", PERIOD)[1]


def test_every_table_of_the_source_report_is_processed(tables):
    # Heinola publishes no monthly actuals and no net costs per function (both optional);
    # every other table of the report is there.
    expected = {spec.name for spec in TABLES} - {"monthly_actuals", "function_net_costs"}
    assert set(tables) >= expected | {"income_statement", "budget_summary"}
    for spec in (s for s in TABLES if s.name in expected):
        processed_schema(spec).validate(tables[spec.name])


def test_values_read_from_the_source_report(tables):
    # Tunnusluvut: Varhaiskasvatus €/asukas target 2024 is 441 €, Perusopetus €/oppilas 10 564 €.
    figures = tables["key_figures"].set_index(["figure", "unit_of_measure", "year"])["value"]
    assert figures[("Varhaiskasvatus", "€/asukas", 2024)] == 441
    assert figures[("Perusopetus", "€/oppilas", 2024)] == 10_564
    assert figures[("Varhaiskasvatus", "€/lapsi", 2022)] == 11_355.17
    occupancy = tables["occupancy"].set_index("month")["occupancy_pct"]
    assert occupancy[pd.Timestamp("2024-03-01")] == 80.29 and len(occupancy) == 6
    meetings = tables["welfare_group_meetings"]["meetings"].tolist()
    assert meetings == [19, 18]
    index = tables["wellbeing_index"].set_index("year")["index"]
    assert index[2023] == 142.3 and index[2020] == 100
    # 17 827 (31.12.2024) was not yet known on 30.6.2024; the year-end report will use it.
    assert tables["population"]["population"].tolist() == [17_953]
    year_end = build_processed(RAW, "heinola", "2024-12-31")[1]
    assert year_end["population"]["population"].tolist() == [17_953, 17_827]
    assert len(tables["projects"]) == 20 and len(tables["risks"]) == 5
    statuses = tables["goal_realisations"]["status"].value_counts()
    assert statuses["Toteutuu"] == 11 and statuses["Toteutuu osittain"] == 5
    investments = tables["investments"].set_index("line")
    assert investments.loc["Menot", "actual"] == -9_940


def test_a_period_without_its_exports_still_has_the_dated_tables():
    tables = build_processed(RAW, "heinola", "2024-03-31")[1]
    assert "income_statement" not in tables and "projects" not in tables
    assert len(tables["occupancy"]) == 3  # January to March
    assert tables["goal_realisations"]["date"].max() == pd.Timestamp("2024-03-31")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "tavoitteiden_toteuma.csv",
            ";Toteutuu\n",
            ";Toteutuu lähes\n",
            r"row 2, column 'Tila': value 'Toteutuu lähes' is not allowed",
        ),
        (
            "vaesto.csv",
            "Lähde\n31.12.2023;17 953;Tilastokeskus\n31.12.2024;17 827;Tilasto",
            "Lähde;Lisä\n31.12.2023;17 953;Tilastokeskus;x\n31.12.2024;17 827;Tilasto;y",
            r"row 1, column 'Lisä': unknown column",
        ),
        ("vaesto.csv", "17 953", "17 9x3", r"row 2, column 'Asukasluku': not a Finnish number"),
        (
            "kayttoasteet.csv",
            "2.2024",
            "1.2024",
            r"row 3, column 'Kuukausi': duplicate row: Kuukausi '1.1.2024' is already on row 2",
        ),
        (
            "2024-06-30/riskit.csv",
            ";1;1;",
            ";1;9;",
            r"row 2, column 'Merkittävyys': value '9' fails",
        ),
        (
            "2024-06-30/arviot.csv",
            ";30.6.2024;",
            ";31.3.2024;",
            r"row 2, column 'Päivämäärä': dated 31.3.2024, but the period ends 30.6.2024",
        ),
        (
            "2024-06-30/investoinnit.csv",
            "TA 2024",
            "TA 2023",
            r"row 1, column 'TA 2024': missing column",
        ),
        (
            "tavoitteiden_toteuma.csv",
            "SM01;30.6.2024",
            "SM99;30.6.2024",
            r"row 2, column 'Tunnus': goal 'SM99' is not in tavoitteet",
        ),
    ],
)
def test_bad_raw_tables_name_file_row_and_column(raw_copy, file, old, new, message):
    path = raw_copy / "heinola" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputDataError, match=path.name.replace(".", r"\.") + ", " + message):
        build_processed(raw_copy, "heinola", PERIOD)


def test_required_cell_missing(raw_copy):
    path = raw_copy / "heinola" / "2024-06-30" / "riskit.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = ";" + lines[3].split(";", 1)[1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = RISKS.raw
    with pytest.raises(InputDataError, match=r"row 4, column 'Riskiluokka': value is missing"):
        load_table(spec, raw_copy, "heinola", PERIOD)


def test_bad_input_exits_non_zero_and_keeps_processed_data(raw_copy, tmp_path):
    processed = tmp_path / "processed"
    config_tables = build_processed(raw_copy, "heinola", PERIOD)[1]
    target = write_processed(config_tables, processed, "heinola", PERIOD)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    path = raw_copy / "heinola" / "2024-06-30" / "tuloslaskelma.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("691 408", "691 4O8"), "utf-8")
    code = (
        "import sys; from helpers.clean import build_processed, write_processed\n"
        "from helpers.errors import InputDataError\n"
        "try:\n"
        f"    t = build_processed({str(raw_copy)!r}, 'heinola', '{PERIOD}')[1]\n"
        f"    write_processed(t, {str(processed)!r}, 'heinola', '{PERIOD}')\n"
        "except InputDataError as e:\n"
        "    sys.exit(f'error: {e}')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert "tuloslaskelma.csv, row 2, column 'TP 2023': not a Finnish number" in done.stderr
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_processed_statement_schema_rejects_broken_output(tables, heinola):
    import pandera.pandas as pa

    from helpers import catalog

    schema = catalog.INCOME_STATEMENT.schema(heinola)
    schema.validate(tables["income_statement"])
    broken = tables["income_statement"].copy()
    broken.loc[0, "measure"] = "forecast"
    with pytest.raises(pa.errors.SchemaError):
        schema.validate(broken)
    audit = tables["audit"].copy()
    audit.loc[0, "severity"] = "warning"
    with pytest.raises(pa.errors.SchemaError):
        catalog.AUDIT.schema(heinola).validate(audit)
