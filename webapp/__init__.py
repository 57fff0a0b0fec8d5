"""The web explorer (Dash + dash-cytoscape). Sits on top of graphmodel and loaders."""

from .app import create_app

__all__ = ["create_app"]
