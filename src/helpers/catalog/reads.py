"""Which datasets each stage reads: the runner keys a stage on these alone, so that an edit
re-runs only the stages that depend on it.

The clean stage reads the raw files (every raw file of the entity-period); the later stages
read the entity's configuration (``entity.yml``) and the datasets declared here. A stage
reads its inputs through ``read_inputs``, whose tables refuse any dataset the stage does
not declare: an undeclared read fails loudly instead of letting the runner reuse an output
made from data that has since changed.
"""

from __future__ import annotations

from pathlib import Path

from helpers.catalog.access import Tables, read
from helpers.catalog.clean_stage import (
    FORECAST_ADJUSTMENTS,
    FUNCTION_NET_COSTS,
    GOAL_REALISATIONS,
    GOALS,
    INCOME_STATEMENT,
    KEY_FIGURES,
    MANAGEMENT_ESTIMATES,
    MONTHLY_ACTUALS,
    NATIONAL_REFERENCES,
    OCCUPANCY,
    OTHER_METRICS,
    POPULATION,
    PROJECTS,
    RISKS,
    SERVICE_VOLUMES,
    SURVEYS,
)
from helpers.catalog.indicator_stage import UNIT_COST_VOLUMES
from helpers.catalog.model import (
    CLEAN_STAGE,
    DATASETS,
    FORECAST_STAGE,
    INDICATOR_STAGE,
    REPORT_STAGE,
    STAGES,
    Dataset,
)

_DECLARED: dict[str, tuple[Dataset, ...]] = {
    CLEAN_STAGE: (),
    INDICATOR_STAGE: (
        INCOME_STATEMENT,
        POPULATION,
        KEY_FIGURES,
        OTHER_METRICS,
        NATIONAL_REFERENCES,
        SERVICE_VOLUMES,
        FUNCTION_NET_COSTS,
        SURVEYS,
        GOALS,
        GOAL_REALISATIONS,
        RISKS,
        OCCUPANCY,
        PROJECTS,
    ),
    FORECAST_STAGE: (
        INCOME_STATEMENT,
        POPULATION,
        MONTHLY_ACTUALS,
        FORECAST_ADJUSTMENTS,
        MANAGEMENT_ESTIMATES,
        UNIT_COST_VOLUMES,
        KEY_FIGURES,
        FUNCTION_NET_COSTS,
    ),
}


def stage_reads(stage: str) -> tuple[Dataset, ...]:
    """The datasets ``stage`` reads, in declaration order. The report reads every dataset of
    the stages before it."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r} (the stages: {', '.join(STAGES)})")
    if stage == REPORT_STAGE:
        earlier = STAGES[: STAGES.index(REPORT_STAGE)]
        return tuple(d for d in DATASETS.values() if d.stage in earlier)
    return _DECLARED[stage]


def stage_writes(stage: str) -> tuple[str, ...]:
    """The file names of ``stage``'s outputs in a period's processed folder."""
    names = []
    for item in DATASETS.values():
        if item.stage == stage:
            names.append(item.file_name)
            if item.also_written:
                names.append(item.also_written)
    return tuple(names)


def read_inputs(folder: Path, stage: str) -> Tables:
    """The datasets ``stage`` declares, as tables that refuse every other dataset."""
    folder = Path(folder)
    reads = stage_reads(stage)
    present = {d.name: read(folder, d) for d in reads if (folder / d.file_name).is_file()}
    return Tables(present, allowed={d.name for d in reads}, reader=stage)
