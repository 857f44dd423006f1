"""The domain: plan tables, schemas, fuzzy dates and the one edit API. No Qt, no files."""
