"""Codes that identify a condition in the medical terminologies, and their formats.

One table of systems serves the model's validation, the API's ``?code=`` filter
(its documented pattern and its error messages) and the JSON-LD ``codingSystem``.
The patterns use only what Python's ``re`` and ECMA-262 (JSON Schema) read alike.
"""

import re
from dataclasses import dataclass

# The Verhoeff scheme (dihedral group D5) that SNOMED CT uses for its check digit.
VERHOEFF_MULTIPLY = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
VERHOEFF_PERMUTE = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_valid(digits: str) -> bool:
    """Whether the last digit of ``digits`` is its Verhoeff check digit."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = VERHOEFF_MULTIPLY[check][VERHOEFF_PERMUTE[position % 8][int(digit)]]
    return check == 0


@dataclass(frozen=True)
class CodeSystem:
    key: str  # as stored, in the API and in ?code=: letters, digits and hyphens
    label: str
    pattern: str  # the whole code, without anchors
    examples: str
    schema_org: str  # MedicalCode.codingSystem

    def problem(self, value: str) -> str | None:
        """Why ``value`` is not a code of this system, or ``None``."""
        if not re.fullmatch(self.pattern, value):
            return f'"{value}" is not a valid {self.label} code: write it like {self.examples}.'
        if self.key == SNOMED_CT and not verhoeff_valid(value):
            return (
                f'"{value}" is not a SNOMED CT identifier: its last digit is not the '
                "Verhoeff check digit. Copy the SCTID from the SNOMED CT browser."
            )
        return None


SNOMED_CT = "SNOMED-CT"
# Letters I and O are not used in ICD-11 codes; the second character of an ICD-11
# code is always a letter, which tells it from an ICD-10 code.
ICD11_CHARACTER = "[0-9A-HJ-NP-Z]"
ICD11_LETTER = "[A-HJ-NP-Z]"
CODE_SYSTEMS = {
    system.key: system
    for system in [
        CodeSystem(
            "ICD-10",
            "ICD-10",
            r"[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?",
            "G35 or G12.21",
            "ICD-10",
        ),
        CodeSystem(
            "ICD-11",
            "ICD-11",
            f"{ICD11_CHARACTER}{ICD11_LETTER}[0-9]{ICD11_CHARACTER}"
            f"(?:\\.{ICD11_CHARACTER}{{1,2}})?",
            "8A40 or 8B60.0",
            "ICD-11",
        ),
        CodeSystem(
            SNOMED_CT,
            "SNOMED CT",
            r"[1-9][0-9]{5,17}",
            "86044005 (6 to 18 digits)",
            "SNOMED-CT",
        ),
        CodeSystem(
            "MeSH",
            "MeSH",
            r"D[0-9]{6}(?:[0-9]{3})?",
            "D000690 (D and 6 or 9 digits)",
            "MeSH",
        ),
    ]
}
CODE_SYSTEM_CHOICES = [(system.key, system.label) for system in CODE_SYSTEMS.values()]


def code_problem(system: str, value: str) -> str | None:
    """Why ``value`` is not a code of ``system``, or ``None``."""
    if system not in CODE_SYSTEMS:
        return (
            f'Unknown coding system "{system}": use one of {", ".join(CODE_SYSTEMS)}.'
        )
    return CODE_SYSTEMS[system].problem(value)


def system_and_code(text: str) -> tuple[str, str] | None:
    """``("ICD-10", "G35")`` for ``"ICD-10:G35"``; ``None`` without a colon."""
    system, colon, value = text.partition(":")
    return (system, value) if colon else None


def code_query_pattern() -> str:
    """``system:code`` for any system, as one anchored pattern (``?code=``)."""
    alternatives = "|".join(
        f"{system.key}:(?:{system.pattern})" for system in CODE_SYSTEMS.values()
    )
    return f"^(?:{alternatives})$"
