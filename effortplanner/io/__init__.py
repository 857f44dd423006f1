"""File formats: spreadsheet import, JSON output. No Qt."""
