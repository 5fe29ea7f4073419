"""The data dictionary: one Vietnamese and English page of the marts and indicators."""
