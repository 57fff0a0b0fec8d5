"""The partnergraph command line (top of the layering)."""
