from .articles import ArticleIndexPage, ArticlePage
from .base import BasePage, MedicalPage
from .conditions import ConditionIndexPage, ConditionPage
from .home import HomePage
from .site_settings import ClinicSettings
from .therapies import TherapyIndexPage, TherapyPage

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "BasePage",
    "ClinicSettings",
    "ConditionIndexPage",
    "ConditionPage",
    "HomePage",
    "MedicalPage",
    "TherapyIndexPage",
    "TherapyPage",
]
