"""`fupin archive build JOB_ID` builds one queued archive; `fupin archive pending` first queues again every
build whose runner stopped beating (killed mid-way), then builds every queued one (for cron, where the task
backend does not run them itself)."""

from django.core.management.base import BaseCommand, CommandError

from fupin.documents.archive.selectors import queued_jobs
from fupin.documents.archive.services import run_archive_job, take_over_stale_jobs
from fupin.documents.models import ArchiveJob, ArchiveStatus


class Command(BaseCommand):
    help = "存档备查:生成排队中的存档"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="生成一个存档任务")
        build.add_argument("job_id", type=int)
        sub.add_parser("pending", help="接管已中断的存档任务,并依次生成所有排队中的存档任务")

    def handle(self, *args, **options):
        if options["action"] == "build":
            if not ArchiveJob.objects.filter(pk=options["job_id"]).exists():
                raise CommandError(f"存档任务 {options['job_id']} 不存在")
            ids = [options["job_id"]]
        else:
            for pk in take_over_stale_jobs():
                self.stdout.write(f"{pk}\t已中断,重新生成")
            ids = list(queued_jobs().values_list("pk", flat=True))
        failed = 0
        for pk in ids:
            job = run_archive_job(job_id=pk)
            failed += job.status == ArchiveStatus.FAILED
            self.stdout.write(f"{job.pk}\t{job.get_status_display()}\t{job.size}\t{job.error}")
        if failed:
            raise CommandError(f"{failed} 个存档任务失败")
