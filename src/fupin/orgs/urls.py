from django.urls import path

from . import account_views, views

urlpatterns = [
    path("workbench/", views.home, name="home"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/export/", views.export_unit_sheet, name="export_unit_sheet"),
    path("units/import/", views.import_units, name="import_units"),
    path("members/import/", views.import_members, name="import_members"),
    path("members/export/", views.export_member_sheet, name="export_member_sheet"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.move_unit, name="move_unit"),
    path("units/<int:pk>/children/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/members/new/", views.member_create, name="member_create"),
    path("units/<int:pk>/members/grant/", views.grant_role, name="grant_role"),
    path("memberships/<int:pk>/revoke/", views.revoke_role, name="revoke_role"),
    path("memberships/<int:pk>/reset-password/", views.reset_password, name="reset_password"),
    path("account/password/", account_views.password_change, name="password_change"),
    path("account/tokens/", account_views.api_tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", account_views.revoke_api_token, name="revoke_api_token"),
]
