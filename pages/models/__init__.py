from .articles import ArticleIndexPage, ArticlePage
from .base import BasePage, MedicalPage
from .conditions import ConditionIndexPage, ConditionPage
from .home import HomePage
from .site_settings import ClinicSettings
from .therapies import TherapyIndexPage, TherapyPage
from .workflows import ConsentApprovalTask, MedicalReviewTask

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "BasePage",
    "ClinicSettings",
    "ConditionIndexPage",
    "ConditionPage",
    "ConsentApprovalTask",
    "HomePage",
    "MedicalPage",
    "MedicalReviewTask",
    "TherapyIndexPage",
    "TherapyPage",
]
