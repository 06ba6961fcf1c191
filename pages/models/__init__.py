from .articles import ArticleIndexPage, ArticlePage
from .base import BasePage, MedicalPage
from .conditions import ConditionCode, ConditionIndexPage, ConditionPage
from .home import HomePage
from .labels import LABEL_DEFAULTS, InterfaceLabels
from .site_settings import ClinicSettings
from .therapies import TherapyIndexPage, TherapyPage

# Every page type of the site, in the order the API schema lists them.
PAGE_TYPES = [
    HomePage,
    ConditionIndexPage,
    ConditionPage,
    TherapyIndexPage,
    TherapyPage,
    ArticleIndexPage,
    ArticlePage,
]

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "BasePage",
    "ClinicSettings",
    "ConditionCode",
    "ConditionIndexPage",
    "ConditionPage",
    "HomePage",
    "InterfaceLabels",
    "LABEL_DEFAULTS",
    "MedicalPage",
    "PAGE_TYPES",
    "TherapyIndexPage",
    "TherapyPage",
]
