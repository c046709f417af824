"""Paths, run parameters and the per-entity configuration (``data/raw/<entity>/entity.yml``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.errors import InputDataError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENTITY_CONFIG_NAME = "entity.yml"
# Exports round every line to whole euros after summing cents, so a printed total may differ
# from the sum of its printed lines by a few euros without anything being wrong.
ROUNDING_TOLERANCE_EUR = 3.0
WORKBOOK = "tables.xlsx"  # written by 40_report into its report_dir, beside the report
# Accounting roles every entity maps to its own statement lines (entity.yml ``roles``), and
# the TULOT / MENOT / NETTO summary row that stands for each role when ``roles`` is absent.
# Only the net margin is required: a statement of toimintakate alone has no income or costs.
LINE_ROLES = {"income": "TULOT", "costs": "MENOT", "net_margin": "NETTO"}
REQUIRED_ROLES = ("net_margin",)
# How an export prints its signs (entity.yml ``sign_convention``). Inside the suite income is
# positive and costs negative; an export printed the other way round is negated on reading,
# and one that prints everything positive (net = costs − income) has its cost side negated.
SIGN_CONVENTIONS = {
    "income_positive": "income +, costs −",
    "costs_positive": "income −, costs +",
    "all_positive": "income +, costs +, net cost +",
}
INTERNAL_SIGN_CONVENTION = "income_positive"
# Printed columns an entity may name its own way (entity.yml ``headers``): tp, tot_prior, ta
# and tot are amounts; remaining (Jäljellä), percent (TOT-%) and change (TOT − last year's
# TOT) are printed derived values. A header pattern may hold these placeholders.
HEADER_KEYS = ("tp", "tot_prior", "ta", "tot", "remaining", "percent", "change")
HEADER_PLACEHOLDERS = ("year", "prior_year", "yy", "months")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


@dataclass(frozen=True)
class Paths:
    """Where a run reads and writes; every stage gets the same four roots."""

    raw: Path
    processed: Path
    reports: Path
    notebooks: Path

    @classmethod
    def default(cls, root: Path = PROJECT_ROOT) -> Paths:
        return cls(
            raw=root / "data" / "raw",
            processed=root / "data" / "processed",
            reports=root / "reports",
            notebooks=root / "notebooks",
        )


def validate_entity(entity: str) -> str:
    """An entity is a lowercase slug, so it can never point outside the data folders."""
    if not isinstance(entity, str) or not _SLUG.match(entity):
        raise ValueError(
            f"entity must be a lowercase slug (letters, digits, '-', '_'), got {entity!r}"
        )
    return entity


def parse_period_end(period_end: str | dt.date) -> dt.date:
    """A period end is an ISO date on the last day of a month (``2024-06-30``)."""
    if isinstance(period_end, dt.date):
        day = period_end
    else:
        try:
            day = dt.date.fromisoformat(str(period_end))
        except ValueError:
            raise ValueError(
                f"period_end must be an ISO date such as 2024-06-30, got {period_end!r}"
            ) from None
        if str(period_end) != day.isoformat():
            raise ValueError(f"period_end must be written as YYYY-MM-DD, got {period_end!r}")
    if day.day != calendar.monthrange(day.year, day.month)[1]:
        raise ValueError(f"period_end must be the last day of a month, got {day.isoformat()}")
    if day > dt.date.today():
        raise ValueError(f"period_end {day.isoformat()} is in the future")
    return day


def period_dir(root: Path, entity: str, period_end: str | dt.date) -> Path:
    """``<root>/<entity>/<period_end>`` after validating both parts."""
    return root / validate_entity(entity) / parse_period_end(period_end).isoformat()


@dataclass(frozen=True)
class Unit:
    """A reporting unit: the department itself or one of its service areas."""

    label: str  # exactly as the finance export prints it
    name: str  # as the report shows it
    code: str  # short code used in goal tables (HYTE, OPKOU, ...)
    is_department: bool
    aliases: tuple[str, ...] = ()  # other codes the goal tables print for the unit


@dataclass(frozen=True)
class Line:
    """One income-statement line; subtotals name the lines they add up."""

    name: str
    sum_of: tuple[str, ...] = ()

    @property
    def is_subtotal(self) -> bool:
        return bool(self.sum_of)


@dataclass(frozen=True)
class EntityConfig:
    """What differs between municipalities: names, units, lines. Nothing else is hard-coded."""

    slug: str
    municipality: str
    department: str
    report_titles: dict[str, str]  # "default" or a period end "MM-DD" → the report's title
    units: tuple[Unit, ...]
    lines: tuple[Line, ...]
    summary_lines: dict[str, str]  # TULOT/MENOT/NETTO → the statement line each summarises
    roles: dict[str, str]  # accounting role (income, costs, net_margin) → statement line
    key_figure_units: dict[str, str]  # published €/asukas key figure → unit code
    reporting_periods: tuple[str, ...]  # period ends reported, besides <period_end>/ folders
    source: Path
    sign_convention: str = INTERNAL_SIGN_CONVENTION  # how the export prints (SIGN_CONVENTIONS)
    sign_convention_declared: bool = False  # False: the default was assumed, not declared
    header_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # HEADER_KEYS

    def report_title(self, period_end: dt.date) -> str:
        """The report's title for ``period_end``: its own ("12-31": the year-end report, a
        monthly follow-up …) when entity.yml names one, else the default."""
        return self.report_titles.get(period_end.strftime("%m-%d"), self.report_titles["default"])

    # Function (a key figure of key_figure_units) → {per-unit key figure: service volume}.
    unit_cost_figures: dict[str, dict[str, str]] = field(default_factory=dict)
    # The heading of the occupancy data (kayttoasteet.csv, vapaat_paikat.csv) in the report,
    # e.g. "Varhaiskasvatuksen käyttöaste"; None: the report says only "Käyttöaste".
    occupancy_title: str | None = None

    def functions_of(self, code: str) -> tuple[str, ...]:
        """The functions (tehtävät) whose net cost the unit with this code holds, in the
        order of ``key_figure_units``."""
        return tuple(f for f, c in self.key_figure_units.items() if c == code)

    @property
    def department_unit(self) -> Unit:
        return next(u for u in self.units if u.is_department)

    @property
    def service_areas(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if not u.is_department)

    def unit_by_label(self, label: str) -> Unit | None:
        return next((u for u in self.units if u.label == label), None)

    def unit_by_code(self, code: str) -> Unit | None:
        """The unit with this code or alias (goal tables print OPKOU and OPKOUL alike)."""
        return next((u for u in self.units if code and code in (u.code, *u.aliases)), None)

    @property
    def line_names(self) -> tuple[str, ...]:
        return tuple(line.name for line in self.lines)

    def role_line(self, role: str) -> str | None:
        """The statement line that plays an accounting ``role`` (see ``LINE_ROLES``); None for
        an optional role the entity's statement does not have (income, costs)."""
        if role not in LINE_ROLES:
            raise KeyError(f"unknown line role '{role}' (known: {', '.join(LINE_ROLES)})")
        return self.roles.get(role)

    @property
    def income_line(self) -> str | None:
        return self.role_line("income")

    @property
    def cost_line(self) -> str | None:
        return self.role_line("costs")

    @property
    def net_line(self) -> str:
        return self.role_line("net_margin")


def _read_yaml(path: Path) -> dict:
    """The parsed entity.yml; a missing file or a YAML error names the file (and line)."""
    if not path.is_file():
        raise InputDataError("entity configuration not found", file=path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputDataError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            file=path,
            row=mark.line + 1 if mark else None,
        ) from None


def _units(items: list, need, path: Path) -> tuple[Unit, ...]:
    """The units in print order, exactly one of them the department."""
    units = tuple(
        Unit(
            label=str(need(u, "label", "units")),
            name=str(u.get("name") or u["label"]),
            code=str(u.get("code", "")),
            is_department=bool(u.get("department", False)),
            aliases=tuple(str(a) for a in u.get("aliases", ())),
        )
        for u in items
    )
    if sum(u.is_department for u in units) != 1:
        raise InputDataError("exactly one unit must have 'department: true'", file=path)
    return units


def _report_titles(value: object, path: Path) -> dict[str, str]:
    """``report_title``: one title for every period, or titles by period end (``MM-DD``) with
    a ``default`` for the others."""
    if not isinstance(value, dict):
        return {"default": str(value)}
    titles = {str(k): str(v) for k, v in value.items()}
    if "default" not in titles:
        raise InputDataError(
            "report_title by period end needs a 'default' title for the other periods",
            file=path,
            column="report_title",
        )
    for key in titles.keys() - {"default"}:
        try:
            dt.datetime.strptime(f"2024-{key}", "%Y-%m-%d")
        except ValueError:
            raise InputDataError(
                f"report_title key '{key}' is not a period end MM-DD (e.g. 12-31) or 'default'",
                file=path,
                column="report_title",
            ) from None
    return titles


def load_entity_config(raw_root: Path, entity: str) -> EntityConfig:
    """Read and check ``<raw_root>/<entity>/entity.yml``."""
    path = raw_root / validate_entity(entity) / ENTITY_CONFIG_NAME
    data = _read_yaml(path)

    def need(mapping: dict, key: str, where: str) -> object:
        if key not in mapping or mapping[key] in (None, ""):
            raise InputDataError(f"missing key '{key}' in {where}", file=path, column=key)
        return mapping[key]

    units = _units(need(data, "units", "the file"), need, path)
    lines = _statement_lines(need(data, "lines", "the file"), need, path)
    summary_lines = {str(k): str(v) for k, v in (data.get("summary_lines") or {}).items()}
    known = {line.name for line in lines}
    for row, line in summary_lines.items():
        if line not in known:
            raise InputDataError(
                f"summary row '{row}' names '{line}', which is not one of the 'lines'",
                file=path,
                column="summary_lines",
            )
    roles = _line_roles(data.get("roles") or {}, summary_lines, known, path)
    codes = {u.code for u in units}
    for figure, code in (data.get("key_figure_units") or {}).items():
        if code not in codes:
            raise InputDataError(
                f"key figure '{figure}' names unknown unit code '{code}'",
                file=path,
                column="key_figure_units",
            )
    return EntityConfig(
        slug=entity,
        municipality=str(need(data, "municipality", "the file")),
        department=str(need(data, "department", "the file")),
        report_titles=_report_titles(need(data, "report_title", "the file"), path),
        units=units,
        lines=lines,
        summary_lines=summary_lines,
        roles=roles,
        reporting_periods=tuple(
            parse_period_end(str(p)).isoformat() for p in data.get("reporting_periods") or ()
        ),
        key_figure_units={str(k): str(v) for k, v in (data.get("key_figure_units") or {}).items()},
        source=path,
        sign_convention=_sign_convention(data, path),
        sign_convention_declared=data.get("sign_convention") is not None,
        header_aliases=_header_aliases(data.get("headers") or {}, path),
        unit_cost_figures=_unit_cost_figures(data, path),
        occupancy_title=str(data["occupancy_title"]) if data.get("occupancy_title") else None,
    )


def _statement_lines(items: list, need, path: Path) -> tuple[Line, ...]:
    """The statement lines in print order; a subtotal may add up only lines defined above it."""
    lines = tuple(
        Line(name=str(need(item, "line", "lines")), sum_of=tuple(item.get("sum_of", ())))
        for item in items
    )
    known: set[str] = set()
    for line in lines:
        unknown = [part for part in line.sum_of if part not in known]
        if unknown:
            raise InputDataError(
                f"line '{line.name}' adds up {unknown}, which are not defined above it",
                file=path,
                column="lines",
            )
        known.add(line.name)
    return lines


def _sign_convention(data: dict, path: Path) -> str:
    """The declared sign convention; an entity that declares none is read as the suite's own
    (and the sign check on reading the statement says so if the data disagree)."""
    declared = data.get("sign_convention")
    if declared is None:
        return INTERNAL_SIGN_CONVENTION
    if declared not in SIGN_CONVENTIONS:
        known = "; ".join(f"{name} ({means})" for name, means in SIGN_CONVENTIONS.items())
        raise InputDataError(
            f"unknown sign_convention '{declared}' (known: {known})",
            file=path,
            column="sign_convention",
        )
    return str(declared)


def _header_aliases(declared: dict, path: Path) -> dict[str, tuple[str, ...]]:
    """The entity's own header patterns per column key, placeholders checked."""
    if not isinstance(declared, dict):
        raise InputDataError("'headers' must map column keys to patterns", file=path)
    aliases = {}
    for key, patterns in declared.items():
        if key not in HEADER_KEYS:
            raise InputDataError(
                f"unknown column key '{key}' under 'headers' (known: {', '.join(HEADER_KEYS)})",
                file=path,
                column="headers",
            )
        patterns = [patterns] if isinstance(patterns, str) else list(patterns or ())
        for pattern in patterns:
            unknown = set(_PLACEHOLDER.findall(str(pattern))) - set(HEADER_PLACEHOLDERS)
            if unknown:
                raise InputDataError(
                    f"header pattern '{pattern}' uses unknown placeholder(s) "
                    f"{sorted(unknown)} (known: "
                    + ", ".join("{" + p + "}" for p in HEADER_PLACEHOLDERS)
                    + ")",
                    file=path,
                    column="headers",
                )
        aliases[str(key)] = tuple(str(p) for p in patterns)
    return aliases


def _unit_cost_figures(data: dict, path: Path) -> dict[str, dict[str, str]]:
    """``unit_cost_figures``: each function of ``key_figure_units`` → {per-unit key figure (as in
    tunnusluvut ``Mittayksikkö``, e.g. €/oppilas): service volume (palvelumaarat ``Suorite``)}."""
    declared = data.get("unit_cost_figures") or {}
    functions = data.get("key_figure_units") or {}
    out = {}
    for function, measures in declared.items():
        if function not in functions:
            raise InputDataError(
                f"unit_cost_figures names '{function}', which is not in key_figure_units",
                file=path,
                column="unit_cost_figures",
            )
        if not isinstance(measures, dict) or not measures:
            raise InputDataError(
                f"unit_cost_figures of '{function}' must map a key figure unit to a volume, "
                "e.g. {€/oppilas: oppilaat}",
                file=path,
                column="unit_cost_figures",
            )
        out[str(function)] = {str(k): str(v) for k, v in measures.items()}
    return out


def _line_roles(
    declared: dict, summary_lines: dict[str, str], lines: set[str], path: Path
) -> dict[str, str]:
    """Each accounting role's statement line: from ``roles``, else from ``summary_lines``."""
    roles = {}
    for role, summary_row in LINE_ROLES.items():
        line = declared.get(role) or summary_lines.get(summary_row)
        if not line and role not in REQUIRED_ROLES:
            continue
        if not line:
            raise InputDataError(
                f"no statement line for the role '{role}': declare it under 'roles' "
                f"(roles: {{{', '.join(f'{r}: <line>' for r in LINE_ROLES)}}})",
                file=path,
                column="roles",
            )
        if str(line) not in lines:
            raise InputDataError(
                f"role '{role}' names '{line}', which is not one of the 'lines'",
                file=path,
                column="roles",
            )
        roles[role] = str(line)
    unknown = sorted(set(declared) - set(LINE_ROLES))
    if unknown:
        raise InputDataError(
            f"unknown role(s) {unknown} (known: {', '.join(LINE_ROLES)})", file=path, column="roles"
        )
    return roles
