"""Effort Planner: who does what, at what fraction of their time, until when."""

__version__ = "0.1.0"
