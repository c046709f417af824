import datetime as dt

import pytest

from helpers.config import load_entity_config, parse_period_end, period_dir, validate_entity
from helpers.errors import InputDataError


@pytest.mark.parametrize("bad", ["../etc", "Heinola", "", "a/b", "heinola ", ".hidden"])
def test_entity_must_be_a_slug(bad):
    with pytest.raises(ValueError, match="slug"):
        validate_entity(bad)


@pytest.mark.parametrize("bad", ["2024-06-29", "30.6.2024", "2024-6-30", "2024-02-30", "x"])
def test_period_end_must_be_an_iso_month_end(bad):
    with pytest.raises(ValueError):
        parse_period_end(bad)


def test_period_dir_stays_inside_root(tmp_path):
    assert period_dir(tmp_path, "heinola", "2024-03-31") == tmp_path / "heinola" / "2024-03-31"
    assert parse_period_end("2024-02-29") == dt.date(2024, 2, 29)


def test_heinola_config_lists_department_and_four_service_areas(heinola):
    assert heinola.department_unit.label == "Hyvinvointilautakunnan toimiala"
    assert [u.code for u in heinola.service_areas] == ["HYTE", "OPKOU", "VAKA", "VIRE"]
    assert len(heinola.lines) == 16
    toimintakate = next(line for line in heinola.lines if line.name == "Toimintakate")
    assert toimintakate.sum_of == ("Toimintatuotot", "Toimintakulut")


def test_subtotal_of_undefined_line_is_reported(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    path.write_text(path.read_text().replace("sum_of: [Toimintatuotot,", "sum_of: [Tuotot,"))
    with pytest.raises(InputDataError, match="entity.yml.*'Toimintakate' adds up \\['Tuotot'\\]"):
        load_entity_config(raw_copy, "heinola")


def test_missing_config_names_the_file(tmp_path):
    with pytest.raises(InputDataError, match="entity.yml: entity configuration not found"):
        load_entity_config(tmp_path, "nowhere")


def test_line_roles_come_from_the_summary_lines_when_not_declared(heinola):
    assert (heinola.income_line, heinola.cost_line, heinola.net_line) == (
        "Toimintatuotot",
        "Toimintakulut",
        "Toimintakate",
    )
    with pytest.raises(KeyError, match="unknown line role 'profit'"):
        heinola.role_line("profit")


def test_declared_roles_win_over_the_summary_lines(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    path.write_text(path.read_text() + "roles: {net_margin: Vuosikate}\n")
    config = load_entity_config(raw_copy, "heinola")
    assert config.net_line == "Vuosikate"
    assert config.income_line == "Toimintatuotot"


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ("roles: {net_margin: Tulos}\n", "role 'net_margin' names 'Tulos', which is not one"),
        ("roles: {profit: Vuosikate}\n", r"unknown role\(s\) \['profit'\]"),
    ],
)
def test_bad_roles_name_the_file_and_the_role(raw_copy, addition, message):
    path = raw_copy / "heinola" / "entity.yml"
    path.write_text(path.read_text() + addition)
    with pytest.raises(InputDataError, match=f"entity.yml.*{message}"):
        load_entity_config(raw_copy, "heinola")


def test_the_net_margin_role_is_required(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    text = path.read_text().replace("  NETTO: Toimintakate\n", "")
    path.write_text(text.replace("  net_margin: Toimintakate\n", ""))
    with pytest.raises(InputDataError, match="no statement line for the role 'net_margin'"):
        load_entity_config(raw_copy, "heinola")


def test_a_summary_row_of_an_unknown_line_names_the_file_and_the_key(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    text = path.read_text()
    path.write_text(text.replace("  NETTO: Toimintakate\n", "  NETTO: Toimintakatteet\n"))
    with pytest.raises(InputDataError) as error:
        load_entity_config(raw_copy, "heinola")
    assert (error.value.file, error.value.column) == (str(path), "summary_lines")
    assert error.value.reason == (
        "summary row 'NETTO' names 'Toimintakatteet', which is not one of the 'lines'"
    )


def test_income_and_cost_roles_are_optional(raw_copy):
    # A statement of toimintakate alone has no income or cost line.
    path = raw_copy / "heinola" / "entity.yml"
    text = path.read_text().replace("  MENOT: Toimintakulut\n", "")
    path.write_text(text.replace("  costs: Toimintakulut\n", ""))
    config = load_entity_config(raw_copy, "heinola")
    assert config.cost_line is None
    assert (config.income_line, config.net_line) == ("Toimintatuotot", "Toimintakate")


def test_sign_convention_defaults_to_the_suites_own_and_says_it_was_not_declared(heinola):
    assert heinola.sign_convention == "income_positive"
    assert not heinola.sign_convention_declared


def test_a_declared_sign_convention_is_kept(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    path.write_text(path.read_text() + "sign_convention: costs_positive\n")
    config = load_entity_config(raw_copy, "heinola")
    assert (config.sign_convention, config.sign_convention_declared) == ("costs_positive", True)


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        (
            "sign_convention: income_negative\n",
            r"column 'sign_convention': unknown sign_convention 'income_negative' \(known: "
            r"income_positive \(income \+, costs −\); costs_positive",
        ),
        ("headers: {budget: ['TA {year}']}\n", r"unknown column key 'budget' under 'headers'"),
        (
            "headers: {tot: ['TOT 1-{month}kk']}\n",
            r"header pattern 'TOT 1-\{month\}kk' uses unknown placeholder\(s\) \['month'\]",
        ),
    ],
)
def test_bad_conventions_name_the_file_and_the_key(raw_copy, addition, message):
    path = raw_copy / "heinola" / "entity.yml"
    path.write_text(path.read_text() + addition)
    with pytest.raises(InputDataError, match=f"entity.yml.*{message}"):
        load_entity_config(raw_copy, "heinola")


def test_header_aliases_are_read_per_key(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    path.write_text(path.read_text() + "headers:\n  tot: TOT 1-{months}kk\n  percent: [M %]\n")
    config = load_entity_config(raw_copy, "heinola")
    assert config.header_aliases == {"tot": ("TOT 1-{months}kk",), "percent": ("M %",)}


def test_one_report_title_serves_every_period(heinola):
    for day in (dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 12, 31)):
        assert heinola.report_title(day) == "Hyvinvointitoimialan osavuosikatsaus"


def test_report_titles_by_period_end(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    text = path.read_text(encoding="utf-8").replace(
        "report_title: Hyvinvointitoimialan osavuosikatsaus\n",
        "report_title:\n"
        "  default: Hyvinvointitoimialan talouden seurantaraportti\n"
        "  06-30: Hyvinvointitoimialan osavuosikatsaus\n"
        "  12-31: Hyvinvointitoimialan toimintakertomus\n",
    )
    path.write_text(text, encoding="utf-8")
    config = load_entity_config(raw_copy, "heinola")
    assert config.report_title(dt.date(2024, 6, 30)) == "Hyvinvointitoimialan osavuosikatsaus"
    assert config.report_title(dt.date(2024, 12, 31)) == "Hyvinvointitoimialan toimintakertomus"
    # A monthly follow-up, 1–4/2024, gets the default.
    assert config.report_title(dt.date(2024, 4, 30)) == (
        "Hyvinvointitoimialan talouden seurantaraportti"
    )


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        ("  06-30: Osavuosikatsaus\n", "needs a 'default' title"),
        ("  default: Raportti\n  13-31: Katsaus\n", "key '13-31' is not a period end MM-DD"),
    ],
)
def test_bad_report_titles_name_the_file_and_the_key(raw_copy, titles, message):
    path = raw_copy / "heinola" / "entity.yml"
    text = path.read_text(encoding="utf-8").replace(
        "report_title: Hyvinvointitoimialan osavuosikatsaus\n", "report_title:\n" + titles
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError, match=message) as caught:
        load_entity_config(raw_copy, "heinola")
    assert "entity.yml" in str(caught.value) and "report_title" in str(caught.value)
