"""The web explorer (Dash + dash-cytoscape). Sits on top of graphmodel and loaders."""
