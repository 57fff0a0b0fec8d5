"""Record kinds: what a register holds, as pydantic models that know nothing of storage."""
