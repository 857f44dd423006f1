"""Computations over a plan (load over time, flags). Pure; no Qt, no files."""
