"""A new plan's empty tables: each schema's physical columns, in order, with their dtypes (object
columns stay object: pandas would infer a string dtype from texts, and None references must stay None),
indexed by an empty object "id" index. Built from empty arrays; checked against one Series per column."""

from __future__ import annotations

import pandas as pd
import pytest

from effortplanner.core.plan import Plan, _dtype, empty_table
from effortplanner.core.schema import SCHEMAS


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_an_empty_table_is_the_schema_column_by_column(table: str) -> None:
    schema = SCHEMAS[table]
    expected = pd.DataFrame({name: pd.Series(dtype=_dtype(schema, name)) for name in schema.physical_columns()})
    expected.index = pd.Index([], dtype=object, name="id")
    expected = expected.drop(columns=["id"])
    made = empty_table(schema)
    pd.testing.assert_frame_equal(made, expected)
    assert list(made.columns) == list(expected.columns) and list(made.dtypes) == list(expected.dtypes)
    assert made.index.dtype == object and made.index.name == "id"
    assert any(d == object for d in made.dtypes) and any(d != object for d in made.dtypes)
    # A row added to a new plan's table keeps each column's dtype (None stays None in a reference).
    row = pd.DataFrame([{name: None for name in made.columns}], index=pd.Index(["X1"], dtype=object, name="id"))
    grown = pd.concat([Plan().tables[table], row.astype(dict(made.dtypes))])
    assert list(grown.dtypes) == list(made.dtypes)
