"""Writing the synthetic sheets: xlsx with XlsxWriter (constant-memory mode) and csv."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path


def write_xlsx(path: Path, sheet: str, rows: list[list[object]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_numbers": False, "strings_to_urls": False})
    try:
        worksheet = workbook.add_worksheet(sheet)
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "" or value is None:
                    continue
                if r == 0:
                    worksheet.write_string(r, c, str(value), bold)
                elif isinstance(value, datetime):
                    worksheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    worksheet.write_number(r, c, value)
                else:
                    worksheet.write_string(r, c, str(value))
    finally:
        workbook.close()


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])


def csv_cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)
