from django.urls import path

from . import views

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export/", views.export_audit, name="export_audit"),
]
