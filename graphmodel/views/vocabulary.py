"""The register's codes in the words a reader sees, shared by the card and the timeline."""

from __future__ import annotations

__all__ = ["AGREEMENT_TYPES"]

#: an agreement's ``type`` in words
AGREEMENT_TYPES = {
    "mou": "Memorandum of understanding (MoU)",
    "twinning": "Twinning agreement",
    "joint-political-declaration": "Joint political declaration",
    "protocol": "Protocol",
    "statement-of-intent": "Statement of intent",
    "cooperation-agreement": "Co-operation agreement",
    "communique": "Communiqué",
    "other": "Agreement (other)",
}
