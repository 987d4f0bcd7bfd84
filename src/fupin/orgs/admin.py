"""Django admin: full for superusers; staff see only their subtrees. Writes go through the services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from fupin.audit.models import AuditAction
from fupin.audit.services import record

from . import services
from .models import ApiToken, Membership, Unit, User
from .policy import scope_q


class ScopedAdmin(admin.ModelAdmin):
    scope_field = "path"
    scope_action = "unit.manage"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(scope_q(request.user, self.scope_action, self.scope_field)).distinct()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "stage", "area", "parent", "depth"]
    list_filter = ["kind", "stage", "area"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data.get(k, "") for k in services.UNIT_FIELDS}
        if change:
            services.update_unit(by=request.user, unit=obj, **fields)
            if "parent" in form.changed_data and obj.parent is not None:
                services.move_unit(by=request.user, unit=obj, new_parent=obj.parent)
        else:
            created = services.create_unit(by=request.user, parent=obj.parent, **fields)
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    scope_field = "unit__path"
    scope_action = "member.manage"
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__name", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        created = services.grant_role(by=request.user, user=obj.user, unit=obj.unit, role=obj.role)
        obj.pk = created.pk


@admin.register(User)
class FupinUserAdmin(UserAdmin):
    # UserAdmin always has fieldsets; the stubs only know ModelAdmin's "or None".
    fieldsets = (*(UserAdmin.fieldsets or ()), ("扶贫日", {"fields": ("name", "phone", "must_change_password")}))
    list_display = ["username", "name", "phone", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "name", "phone", "email"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(scope_q(request.user, "member.manage", "memberships__unit__path")).distinct()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {
            name: [None, str(form.cleaned_data.get(name))] for name in form.changed_data if "password" not in name
        }
        record(
            by=request.user, action=AuditAction.UPDATE if change else AuditAction.CREATE, target=obj, changes=changed
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
