"""The door for import jobs: a job is seen by those who may run its kind of import over the unit it was
uploaded for (the importer's subtree), and answers 404 to everyone else."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from fupin.orgs.policy import AnyUser, scope_q

from .models import ExportJob, ImportJob
from .registry import EXPORTERS, IMPORTERS


def import_jobs_q(user: AnyUser) -> Q:
    """Jobs of every kind whose unit lies where the user may run that kind of import."""
    q = Q(pk__in=[])
    for importer in IMPORTERS.values():
        q |= Q(kind=importer.kind) & scope_q(user, importer.action, "unit__path")
    if getattr(user, "is_superuser", False) and user.is_active:
        q |= Q(unit__isnull=True)
    return q


def access_import_job(user: AnyUser, pk: int | str) -> ImportJob:
    return get_object_or_404(ImportJob.objects.filter(import_jobs_q(user)).select_related("unit"), pk=pk)


def export_jobs_q(user: AnyUser) -> Q:
    """Exports the user asked for, while they may still read that kind of export over its unit: the file was
    built from what they could see, so nobody else downloads it."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(pk__in=[])
    for exporter in EXPORTERS.values():
        q |= Q(kind=exporter.kind) & scope_q(user, exporter.action, "unit__path")
    return q & Q(requested_by=user.pk)


def access_export_job(user: AnyUser, pk: int | str) -> ExportJob:
    return get_object_or_404(ExportJob.objects.filter(export_jobs_q(user)), pk=pk)
