"""The runner's own errors: each message says what failed and where to look."""

from __future__ import annotations

from pathlib import Path


class StageFailed(RuntimeError):
    """A notebook stage raised; the message names the stage, the cell and the error."""

    def __init__(self, stage: str, notebook: Path, detail: str) -> None:
        self.stage, self.notebook, self.detail = stage, notebook, detail
        super().__init__(f"stage {stage} failed (executed notebook kept at {notebook}):\n{detail}")

    def __reduce__(self):  # picklable across processes
        return (StageFailed, (self.stage, self.notebook, self.detail))


class RunInProgress(RuntimeError):
    """Another run holds the lock of this entity-period (or of the reports index)."""


class OutputNotWritable(RuntimeError):
    """A destination of the run cannot be written; the message says what was left as it was."""
