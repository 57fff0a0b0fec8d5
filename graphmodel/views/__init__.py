"""Outputs people read: a record's card and timeline, the year's report, the activity matrix,
exports and source labels."""
