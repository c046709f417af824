"""The runner: the notebook stages of entity-periods, executed with papermill, as HTML.

One module per job, in papermill's style:

* ``keys``      content keys of the stages (inputs, notebooks, package code) and the
                up-to-date decision;
* ``manifest``  ``manifest.json`` beside each report: what it was made from;
* ``kernel``    the ``kuntaraportti`` kernelspec and one shared kernel per entity-period, on
                IPC sockets;
* ``engine``    the papermill engine for that shared kernel (an entry point in
                pyproject.toml);
* ``execute``   one stage: its declared parameters, a namespace reset, papermill;
* ``export``    HTML of the executed notebooks and ``reports/index.html``;
* ``period``    one entity-period: plan, run in staging, publish whole;
* ``stages``    the stages of one entity-period in its staging folders;
* ``schedule``  many entity-periods: ``--all``, ``--runs``, the summary;
* ``workers``   serially or in local processes, two entity-periods in flight per worker;
* ``cluster``   on a Dask cluster, a kernel kept per worker thread.

Importing the package is light: papermill, nbconvert and pandas load only when a stage runs.
"""

from helpers.runner.exceptions import StageFailed
from helpers.runner.kernel import KERNEL_NAME, ensure_kernel
from helpers.runner.keys import REPORT_STAGE, STAGES
from helpers.runner.period import RunResult, run_period
from helpers.runner.schedule import all_jobs, jobs_from_yaml, periods_in_data, run_many, summary

__all__ = [
    "KERNEL_NAME",
    "REPORT_STAGE",
    "STAGES",
    "RunResult",
    "StageFailed",
    "all_jobs",
    "ensure_kernel",
    "jobs_from_yaml",
    "periods_in_data",
    "run_many",
    "run_period",
    "summary",
]
