"""Readers that turn registers (YAML and CSV files) into a validated partnership graph."""

from .bundled import bundled_register_dir
from .register import (
    LoadedRegister,
    ParsedFile,
    build_register,
    parse_csv_text,
    parse_yaml_text,
    read_register,
)

__all__ = [
    "LoadedRegister",
    "ParsedFile",
    "build_register",
    "bundled_register_dir",
    "parse_csv_text",
    "parse_yaml_text",
    "read_register",
]
