"""Safety: atomic writes, spreadsheet-safe CSV cells and the read-only Cypher guard."""
