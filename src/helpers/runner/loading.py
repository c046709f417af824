"""What the runner loads while the kernel starts and runs the first stage, and the stages'
declared reads and writes once the catalog it loads is there."""

from __future__ import annotations

import functools
import threading
from concurrent.futures import Future

from helpers.runner.export import (
    EarlyPrinter,
    import_jsonschema_without_iri_grammar,
    preload_nbconvert,
)
from helpers.runner.keys import STAGES


def load_behind(printer: EarlyPrinter) -> Future:
    """Load what the runner itself needs while the kernel starts, most urgent first:
    papermill here (the first stage needs it at once), then in one thread the catalog
    (pandas, pandera: the later stages' declared reads and writes), nbconvert (the first
    analyst HTML follows the first stage) and the PDF's browser. One after the other, so
    that on two cores they take one and the kernel's own imports the other. Returns the
    catalog module's future."""
    import_jsonschema_without_iri_grammar()  # before papermill's nbformat loads it
    import papermill  # noqa: F401  (the point: loaded before anything else competes)

    loaded: Future = Future()

    def load() -> None:
        try:
            # Deliberately here: the catalog imports pandas and pandera, which an up-to-date
            # run (decided from the manifest alone) never needs.
            from helpers import catalog
        except BaseException as exc:  # noqa: BLE001  (raised where the catalog is needed)
            loaded.set_exception(exc)
            return
        loaded.set_result(catalog)
        try:
            preload_nbconvert()
        finally:
            printer.launch()

    threading.Thread(target=load, daemon=True).start()
    return loaded


class Declarations:
    """Each stage's declared reads and writes (the catalog's), once the catalog is loaded
    (``loaded``: its module's future)."""

    def __init__(self, loaded: Future) -> None:
        self._loaded = loaded

    @functools.cached_property
    def writes(self) -> dict[str, tuple[str, ...]]:
        catalog = self._loaded.result()
        return {stage: catalog.stage_writes(stage) for stage in STAGES}

    @functools.cached_property
    def reads(self) -> dict[str, list[str]]:
        catalog = self._loaded.result()
        return {s: [d.file_name for d in catalog.stage_reads(s)] for s in STAGES}
