"""Write docs/mutation-report.md from mutmut's results (`make mutation` runs it after mutmut).

For each mutated module: the mutants, how many the fast tests killed, and the score. Every
surviving mutant is listed with its change and the reason it is equivalent or harmless, read
from tools/mutation_survivors/ (matched by module, function and the mutated line, so the
reasons follow the code rather than mutmut's numbering). The README's score line is rewritten
from the same numbers.

``--draft`` prints TOML entries for the survivors without a reason, to be completed by hand.
``--partial`` reports an interrupted run on the mutants checked so far, labelled as partial
(the README then states the partial figures; the exit status stays non-zero).
Exits non-zero when a run is incomplete, the overall score is under ``MIN_SCORE``, or a
survivor has no reason: a new survivor needs a test that kills it or a written justification.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "mutation-report.md"
REASONS = ROOT / "tools" / "mutation_survivors"  # one TOML file per module
README = ROOT / "README.md"
MIN_SCORE = 85.0
SCORE_MARKERS = ("<!-- mutation-score -->", "<!-- /mutation-score -->")

# As mutmut's own score: killed and timed-out mutants count for, everything else but the
# skipped against. A survivor is any mutant that no fast test failed on.
CAUGHT = ("killed", "timeout")
NOT_COUNTED = ("skipped",)
NO_TESTS = "no tests"


@dataclass(frozen=True)
class Mutant:
    name: str  # helpers.finnish.x_parse_number__mutmut_12
    module: str  # src/helpers/finnish.py
    status: str

    @property
    def function(self) -> str:
        """The mutated function as written in the source (``Class.method`` or ``function``)."""
        mangled = self.name.rpartition(".")[2].rpartition("__mutmut_")[0]
        return mangled.replace("ǁ", ".").removeprefix("x_").removeprefix("x").lstrip(".")


def mutated_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["mutmut"]["only_mutate"]
    return [
        path.relative_to(ROOT).as_posix()
        for pattern in patterns
        for path in sorted(ROOT.glob(pattern))
    ]


def stale_tests() -> list[str]:
    """Test files that differ from the copies mutmut ran. mutmut keeps its results in
    mutants/ and, run again there, re-checks neither a survivor nor a mutant it found no test
    for; only `make mutation` (which starts from an empty mutants/) sees every current test."""
    stale = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        copy = ROOT / "mutants" / path.relative_to(ROOT)
        if not copy.is_file() or copy.read_bytes() != path.read_bytes():
            stale.append(path.relative_to(ROOT).as_posix())
    return stale


def load_mutants(modules: list[str]) -> list[Mutant]:
    from mutmut.stats import status_by_exit_code

    mutants = []
    for module in modules:
        meta = ROOT / "mutants" / f"{module}.meta"
        if not meta.is_file():
            sys.exit(f"error: {meta.relative_to(ROOT)} is missing; run `mutmut run` first")
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        mutants += [
            Mutant(name, module, status_by_exit_code[code])
            for name, code in sorted(codes.items(), key=lambda item: natural(item[0]))
        ]
    return mutants


def natural(name: str) -> tuple[str, int]:
    """Sort ``..._mutmut_2`` before ``..._mutmut_10``."""
    stem, _, number = name.rpartition("_")
    return stem, int(number) if number.isdigit() else 0


def change_of(mutant: Mutant) -> tuple[str, str]:
    """The original and the mutated line(s) of a mutant, each joined into one line."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(mutant.name, path=mutant.module).splitlines()[2:]
    removed = " ".join(line[1:].strip() for line in diff if line.startswith("-"))
    added = " ".join(line[1:].strip() for line in diff if line.startswith("+"))
    return removed, added


def load_reasons() -> list[dict]:
    return [
        entry
        for path in sorted(REASONS.glob("*.toml"))
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("survivor", [])
    ]


def reason_for(mutant: Mutant, added: str, reasons: list[dict]) -> dict | None:
    """The entry explaining this survivor; one without a real reason (``TODO``) does not."""
    for entry in reasons:
        if entry.get("reason", "").strip() in ("", "TODO"):
            continue
        same_place = entry["module"] == mutant.module and entry["function"] == mutant.function
        if same_place and entry["mutated"].strip() == added:
            return entry
    return None


def caught(counts: Counter) -> int:
    return sum(counts[status] for status in CAUGHT)


def score(counts: Counter) -> float:
    tested = sum(n for status, n in counts.items() if status not in NOT_COUNTED)
    return 100.0 * caught(counts) / tested if tested else 0.0


def code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`" if text else "(nothing)"


def draft(survivors: list) -> str:
    """TOML entries for the survivors that have no reason yet, to be completed by hand."""
    out = []
    for mutant, removed, added, entry in survivors:
        if entry is None:
            out += [
                "",
                "[[survivor]]",
                f"# {mutant.name.rpartition('.')[2]}: {removed}",
                f"module = {json.dumps(mutant.module)}",
                f"function = {json.dumps(mutant.function)}",
                f"mutated = {json.dumps(added, ensure_ascii=False)}",
                'reason = "TODO"',
            ]
    return "\n".join(out)


def main() -> int:
    os.chdir(ROOT)  # mutmut reads its configuration and results relative to the project
    modules = mutated_modules()
    mutants = load_mutants(modules)
    old_tests = stale_tests()
    if old_tests:
        print(f"error: mutmut ran older copies of {', '.join(old_tests)}; run `make mutation`")
        if "--partial" not in sys.argv:
            return 1
    unchecked = [m.name for m in mutants if m.status == "not checked"]
    if unchecked:
        print(f"error: {len(unchecked)} mutants were not checked (was the run interrupted?)")
        if "--partial" not in sys.argv:
            return 1
        mutants = [m for m in mutants if m.status != "not checked"]
    reasons = load_reasons()
    used: set[int] = set()
    survivors = []
    # Mutants of functions no fast test reaches are listed by function, not one by one.
    untested = Counter((m.module, m.function) for m in mutants if m.status == NO_TESTS)
    for mutant in mutants:
        if mutant.status not in CAUGHT + NOT_COUNTED + (NO_TESTS,):
            removed, added = change_of(mutant)
            entry = reason_for(mutant, added, reasons)
            if entry is not None:
                used.add(id(entry))
            survivors.append((mutant, removed, added, entry))
    by_module = {
        module: Counter(m.status for m in mutants if m.module == module) for module in modules
    }
    total = sum(by_module.values(), Counter())
    unexplained = [s for s in survivors if s[3] is None] + [
        key for key, n in untested.items() for _ in range(n)
    ]
    partial = (
        f"Partial run, {len(mutants)} of {len(mutants) + len(unchecked)} mutants checked. "
        if unchecked
        else ""
    )
    overall = partial + (
        f"Mutation score of the domain modules: {score(total):.1f} % "
        f"({caught(total)} of {sum(total.values())} mutants killed, "
        + (
            f"{len(survivors) + sum(untested.values())} survivors, {len(unexplained)} of them "
            f"not yet justified, {sum(untested.values())} in functions no fast test reaches)"
            if unexplained
            else f"{len(survivors)} survivors, each with the reason it cannot change a result)"
        )
    )

    lines = [
        "# Mutation testing report",
        "",
        "Generated by `make mutation` (mutmut, then `tools/mutation_report.py`); do not edit by "
        "hand. Each mutant is a small change to one function of a domain module; the fast tests "
        "that reach the function must fail on it. A survivor either needs a test or is listed "
        "here with the reason it is equivalent to the original or harmless (reasons are kept "
        "in `tools/mutation_survivors/`, a TOML file per module).",
        "",
        f"**{overall}.**",
        "",
        "| module | mutants | killed | survived | of them unreached by fast tests | score |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for module, counts in by_module.items():
        total_here = sum(counts.values())
        survived = total_here - caught(counts) - sum(counts[s] for s in NOT_COUNTED)
        lines.append(
            f"| `{module}` | {total_here} | {caught(counts)} | {survived} | "
            f"{counts[NO_TESTS]} | {score(counts):.1f} % |"
        )
    lines += ["", "## Surviving mutants", ""]
    for module in modules:
        own = [s for s in survivors if s[0].module == module]
        if not own:
            continue
        lines += [f"### `{module}`", "", "| mutant | original | mutated | why it survives |"]
        lines.append("|---|---|---|---|")
        for mutant, removed, added, entry in own:
            why = (
                entry["reason"].replace("|", "\\|")
                if entry
                else "**NOT JUSTIFIED: add a test or a reason**"
            )
            short = mutant.name.rpartition(".")[2]
            if mutant.status != "survived":
                why = f"({mutant.status}) {why}"
            lines.append(f"| {short} | {code(removed)} | {code(added)} | {why} |")
        lines.append("")
    if untested:
        lines += [
            "## Functions no fast test reaches",
            "",
            "Every mutant of these functions survives: they need a fast test (one that does "
            "not rebuild the processed tables) with hand-worked expected values.",
            "",
            "| module | function | mutants |",
            "|---|---|---:|",
        ]
        lines += [
            f"| `{module}` | `{function}` | {n} |" for (module, function), n in untested.items()
        ]
        lines.append("")
    stale = [e for e in reasons if id(e) not in used]
    if partial and stale:
        stale = []  # a reason may belong to a mutant not checked yet
    if stale:
        lines += ["## Reasons no longer needed", ""]
        lines += [f"- `{e['module']}` {e['function']}: {code(e['mutated'])}" for e in stale]
        lines.append("")
    REPORT.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    update_readme(overall)

    print(overall)
    for module, counts in by_module.items():
        print(f"  {module}: {score(counts):.1f} % of {sum(counts.values())}")
    print(f"report: {REPORT.relative_to(ROOT)}")
    if stale:
        print(f"note: {len(stale)} reasons in {REASONS.name} match no survivor any more")
    if unexplained:
        print(f"error: {len(unexplained)} survivors have no reason (see the report)")
        if "--draft" in sys.argv:
            print(draft(survivors))
    if score(total) < MIN_SCORE:
        print(f"error: the score is under {MIN_SCORE:.0f} %")
    return 1 if unexplained or unchecked or score(total) < MIN_SCORE else 0


def update_readme(overall: str) -> None:
    """Replace the score line between the README's markers with the one just computed."""
    text = README.read_text(encoding="utf-8")
    start, end = (re.escape(marker) for marker in SCORE_MARKERS)
    line = f"{SCORE_MARKERS[0]}{overall}.{SCORE_MARKERS[1]}"
    new, found = re.subn(f"{start}.*?{end}", lambda _: line, text, flags=re.S)
    if found:
        README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
