"""helpers.runner.exceptions: errors that cross process boundaries intact."""

import pickle
from pathlib import Path

from helpers.runner.exceptions import StageFailed


def test_stage_failed_names_stage_notebook_and_cell_and_survives_pickling():
    error = StageFailed(
        "10_clean", Path("reports/heinola/.2024-06-30.failed/10_clean.ipynb"), "in the cell …"
    )
    assert str(error) == (
        "stage 10_clean failed (executed notebook kept at "
        "reports/heinola/.2024-06-30.failed/10_clean.ipynb):\nin the cell …"
    )
    copy = pickle.loads(pickle.dumps(error))  # a worker process sends it to the parent
    assert (copy.stage, copy.notebook, copy.detail, str(copy)) == (
        error.stage,
        error.notebook,
        error.detail,
        str(error),
    )
