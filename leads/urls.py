from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("", views.consultation_request_view, name="consultation_requests"),
    path("form-token/", views.form_token_view, name="form_token"),
]
