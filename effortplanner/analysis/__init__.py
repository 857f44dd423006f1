"""Computations over a plan: load over time and the flags a department head acts on.

Pure and vectorised (pandas/numpy): no Qt, no files. Public entry points:

- `window`: `default_as_of`, `default_horizon`, `plan_window` (the analysis window);
- `load`: `assignment_intervals`, `person_load`, `aggregate_load` (committed FTE over time);
- `flags`: `Flag`, `FLAG_KINDS`, `compute_flags`, `flags_to_json`;
- `report`: `format_report` (the text `effortplanner check` prints).

The rest are their parts: `frames` (typed tables), `succession` (who holds a duty when),
`sweep` (event sweeps), `context` (shared per-plan work), one module per group of rules
(`overload`, `gaps`, `demand`, `aliases`, `quality`) and `text` (words for messages).
"""
