"""helpers.runner.engine: papermill finds the engine through its public entry point."""

from importlib.metadata import entry_points

from helpers.runner.engine import ENGINE, SharedKernelEngine


def test_the_engine_is_declared_as_a_papermill_entry_point():
    declared = {ep.name: ep.value for ep in entry_points(group="papermill.engine")}
    assert declared.get(ENGINE) == "helpers.runner.engine:SharedKernelEngine"


def test_papermill_resolves_the_engine_by_name():
    from papermill.engines import NBClientEngine, papermill_engines

    engine = papermill_engines.get_engine(ENGINE)
    assert engine is SharedKernelEngine and issubclass(engine, NBClientEngine)
