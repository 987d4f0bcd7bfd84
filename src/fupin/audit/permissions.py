"""The audit actions in the policy table: office admins and auditors read; nobody writes."""

from fupin.orgs.models import Role
from fupin.orgs.policy import register

register({"audit.view": {Role.OFFICE_ADMIN, Role.AUDITOR}})
