"""helpers.runner.loading: what the runner loads behind the kernel, and the stages' declared
reads and writes once the catalog is there."""

import threading
from concurrent.futures import Future

import pytest

from helpers.runner.loading import Declarations, load_behind


def test_declarations_wait_for_the_catalog_and_name_what_each_stage_reads_and_writes():
    from helpers import catalog

    loaded: Future = Future()
    declarations = Declarations(loaded)
    threading.Timer(0.05, loaded.set_result, [catalog]).start()
    # The forecast reads the unit volumes the indicator stage writes (issue 19's chain), and
    # the clean stage reads no processed file.
    assert "unit_cost_volumes.parquet" in declarations.writes["20_indicators"]
    assert "unit_cost_volumes.parquet" in declarations.reads["30_forecast"]
    assert declarations.reads["10_clean"] == []


def test_a_catalog_that_fails_to_load_fails_where_it_is_needed():
    loaded: Future = Future()
    loaded.set_exception(ImportError("simulated: no pandera"))
    with pytest.raises(ImportError, match="no pandera"):
        Declarations(loaded).reads  # noqa: B018  (the property raises)


def test_loading_behind_gives_the_catalog_then_launches_the_browser():
    from helpers import catalog

    class Printer:
        launched = threading.Event()

        def launch(self):
            self.launched.set()

    printer = Printer()
    assert load_behind(printer).result(timeout=120) is catalog
    assert printer.launched.wait(timeout=120)
