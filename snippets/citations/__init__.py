"""References from identifiers and records: what an editor pastes becomes a filled
reference form to check and save (nothing is saved here)."""

from .record import ImportedReference, ImportProblem
from .resolve import import_reference

__all__ = ["ImportProblem", "ImportedReference", "import_reference"]
