"""Reusable clinical content: doctors, patient testimonials and scholarly references.

A doctor is one record used in several roles (page reviewer, advisor in a call to
action, article author); a reference is one record cited by many pages, in each
page's own order. One module per model, the shared review base in ``base``.
"""

from .base import ReviewedSnippet
from .doctors import Doctor, DoctorSpecialty
from .images import ImageAltText
from .references import (
    DOI_PATTERN,
    DOI_PREFIXES,
    DUPLICATE_DOI_MESSAGE,
    Reference,
    ReferenceAuthor,
    normalise_doi,
    reference_with_doi,
    validate_doi,
)
from .testimonials import ConsentScope, Testimonial, publishable_testimonials

__all__ = [
    "DOI_PATTERN",
    "DOI_PREFIXES",
    "DUPLICATE_DOI_MESSAGE",
    "ConsentScope",
    "Doctor",
    "DoctorSpecialty",
    "ImageAltText",
    "Reference",
    "ReferenceAuthor",
    "ReviewedSnippet",
    "Testimonial",
    "normalise_doi",
    "publishable_testimonials",
    "reference_with_doi",
    "validate_doi",
]
