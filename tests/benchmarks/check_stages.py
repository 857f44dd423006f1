"""Where a `check` process spends its time, beside where a pandas read_excel process spends its own.

Used by tests/benchmarks/processes.py after the timed check processes: one more fresh process runs
`check` itself with the functions it calls wrapped, and reports CPU seconds of start-up and
imports, reading, assembling, flags and the report. What the check figure measures is unchanged.
"""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.timing import python_json

_STAGES = (
    "import gc, json, sys, time\n"
    "import effortplanner.cli as cli\n"
    "gc.disable()  # as in the check process, where main() loads the modules below with the collector off\n"
    "import effortplanner.io.importer as importer, effortplanner.analysis.flags as flags\n"
    "import effortplanner.analysis.report, effortplanner.analysis.window, effortplanner.io.textout\n"
    "spent = {'start-up and imports': time.process_time()}\n"
    "def timed(owner, name, stage):\n"
    "    inner = getattr(owner, name)\n"
    "    def wrapper(*args, **kwargs):\n"
    "        start = time.process_time()\n"
    "        try:\n"
    "            return inner(*args, **kwargs)\n"
    "        finally:\n"
    "            spent[stage] = spent.get(stage, 0.0) + time.process_time() - start\n"
    "    setattr(owner, name, wrapper)\n"
    "timed(cli, 'load_plan', 'read'); timed(importer, 'assemble', 'assemble'); timed(flags, 'compute_flags', 'flags')\n"
    "start = time.process_time()\n"
    "sys.stdout = open('/dev/null' if sys.platform != 'win32' else 'NUL', 'w')\n"
    "cli.main(sys.argv[1:])\n"
    "spent['report'] = time.process_time() - start - spent['read'] - spent['flags']\n"
    "spent['read'] -= spent['assemble']\n"
    "order = ('start-up and imports', 'read', 'assemble', 'flags', 'report')\n"
    "print(json.dumps({k: spent[k] for k in order}), file=sys.__stdout__)\n"
)
_BASELINE_STAGES = (
    "import json, sys, time\n"
    "import pandas as pd\n"
    "spent = {'start-up and imports': time.process_time()}\n"
    "pd.read_excel(sys.argv[1], engine='calamine')\n"
    "spent['read'] = time.process_time() - spent['start-up and imports']\n"
    "print(json.dumps(spent))\n"
)


def check_stages(check_args: list[str], xlsx: Path) -> tuple[dict[str, float], dict[str, float]]:
    """CPU seconds per stage of one `check` process and of one pandas read_excel process."""
    ours = python_json(["-c", _STAGES, *check_args])
    base = python_json(["-c", _BASELINE_STAGES, str(xlsx)])
    return {k: float(v) for k, v in ours.items()}, {k: float(v) for k, v in base.items()}
