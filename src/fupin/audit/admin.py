"""The audit trail in Django admin is read-only for everyone, superusers included."""

from django.contrib import admin

from fupin.orgs.policy import scope_q

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "ip", "action", "target_type", "target_repr", "unit_name"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_username", "target_repr", "unit_name", "note"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope_q(request.user, "audit.view", "unit_path"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
