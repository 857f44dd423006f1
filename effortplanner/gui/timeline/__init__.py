"""The Timeline tab: a Gantt chart of who does what until when, with contract ends and load.

Modules, by job: `data` (what to draw, from the plan; no Qt), `layout` (zoom levels,
snapping, lanes, rows; no Qt), `drop` (a drag's result as one core Change; no Qt),
`describe` (hover texts; no Qt), `palette`, `items`, `labels`, `scene`, `rulers`,
`legend`, `drag`, `view`, `widget` (the tab), `ghosts` (a comparison's moves at their old
places) and `export` (PNG, PDF).
"""

from effortplanner.gui.timeline.link import add_zoom_actions, link_selection
from effortplanner.gui.timeline.widget import TimelineView

__all__ = ["TimelineView", "add_zoom_actions", "link_selection"]
