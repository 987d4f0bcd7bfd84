"""Pages where units hand in and offices review. Thin: parse, authorise, call one service or selector, respond."""

import math
from functools import wraps
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fupin.lib.http import add_errors
from fupin.lib.list_export import Column, bounded, names, wants_xlsx, when, xlsx_list
from fupin.orgs.policy import can, can_anywhere, paths_for
from fupin.orgs.selectors import roots_for

from ..deadlines import describe
from ..forms.tasks import HandInForm, review_form
from ..models import Requirement, RequirementKind, Task, TaskStatus
from ..permissions import access_task, can_review
from ..selectors import tasks as selectors
from ..services import tasks as services

PAGE_SIZE = 50


def _link(name: str, *args) -> str | None:
    """A link to a page another part of the product provides, if it is there yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _photo_rules(requirement: Requirement) -> list[str]:
    rules = []
    if requirement.photo_min_count:
        rules.append(_("至少 %(n)d 张") % {"n": requirement.photo_min_count})
    if (mp := float(requirement.photo_min_megapixels)) > 0:
        width = math.ceil(math.sqrt(mp * 1_000_000 * 4 / 3) / 100) * 100  # a 4:3 photo that just qualifies
        example = f"{width}×{math.ceil(width * 3 / 4)}"
        rules.append(_("每张不低于 %(mp)s 百万像素(如 %(e)s)") % {"mp": f"{mp:g}", "e": example})
    if requirement.caption_required:
        rules.append(_("每张须配文字说明"))
    return rules


def _task_page(request, task: Task, *, hand_in=None, review=None, errors=(), status=200):
    """The task page, also re-rendered by the actions with their refusals and the person's input kept."""
    user, requirement, now = request.user, task.requirement, timezone.now()
    office = requirement.campaign.unit
    closes = services.entry_closes_at(requirement)
    closed = closes is not None and now > closes
    versions = selectors.task_versions(task)
    office_acts, submitted = can_review(user, requirement), task.status == TaskStatus.SUBMITTED
    # a statistics table is handed in by filling it on its own page, which records the version
    stat_fill_url = _link("stat_fill", task.pk) if requirement.stat_table_id else None
    may_hand_in = not task.is_locked and not closed and not stat_fill_url
    if hand_in is None and may_hand_in and can(user, "task.submit", task.unit.path):
        previous = list(versions[0].files.all()) if versions else []
        initial = {"text": versions[0].text if versions else ""}
        hand_in = HandInForm(requirement=requirement, previous_files=previous, initial=initial)
    context = {
        "task": selectors.with_deadlines([task], now)[0],
        "requirement": requirement,
        "office": office,
        "recipient": requirement.recipient or office,
        "closes": describe(closes) if closes else "",
        "closed": closed and not task.is_locked,
        "photo_rules": _photo_rules(requirement),
        "versions": versions,
        "hand_in": hand_in,
        "office_acts": office_acts,
        # an office helping out, or a unit whose hand-in awaits review, opens the form only when it means to
        "collapse_hand_in": hand_in is not None and not hand_in.is_bound and (submitted or office_acts),
        "may_review": submitted and office_acts,
        "may_reopen": task.is_locked and can_review(user, requirement, "task.reopen"),
        "review": {action: review_form(action) for action in ("approve", "return", "reopen")} | (review or {}),
        "stat_fill_url": stat_fill_url if requirement.kind == RequirementKind.STAT_TABLE else None,
        "errors": errors,
    }
    return render(request, "campaigns/task_detail.html", context, status=status)


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n // 2**10} KB"


def _refused_body(request, pk, exc):
    """The task page with the reason Django refused the request's body; nothing of it was read or kept."""
    if isinstance(exc, RequestDataTooBig):
        message, status = (
            _("提交的文字超过 %(limit)s 上限,未报送。正文请控制在 2 万字以内,长文请写成 Word 文档作为附件上传。")
            % {"limit": _size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
            413,
        )
    elif isinstance(exc, TooManyFilesSent):
        message, status = (
            _("一次最多上传 %(n)d 个文件,未报送。请精选照片后重新提交。")
            % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
            400,
        )
    else:
        message, status = _("提交的栏目过多,未报送。请刷新页面后重新填写。"), 400
    return _task_page(request, access_task(request.user, pk), errors=[message], status=status)


def body_limits(view):
    """Django refuses a body over the request caps while the CSRF middleware reads the form, before any view
    runs, with a bare 400. Read the form here first so the person learns why on the task's own page; the CSRF
    check then runs as usual on everything else (a refused body changes nothing)."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, pk):
        try:
            request.POST, request.FILES  # noqa: B018  (parsing is what may raise)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            return _refused_body(request, pk, exc)
        return protected(request, pk)

    return csrf_exempt(wrapper)


MY_TASK_COLUMNS = (
    Column(gettext_lazy("任务"), lambda t: t.requirement.title),
    Column(gettext_lazy("类型"), lambda t: t.requirement.get_kind_display()),
    Column(gettext_lazy("活动"), lambda t: t.requirement.campaign.title),
    Column(gettext_lazy("发文单位"), lambda t: t.requirement.campaign.unit.name),
    Column(gettext_lazy("单位"), lambda t: t.unit.name),
    Column(gettext_lazy("截止时间"), lambda t: t.deadline),
    Column(gettext_lazy("状态"), lambda t: t.get_status_display()),
    Column(gettext_lazy("剩余时间"), lambda t: t.left.text if t.left else ""),
    Column(gettext_lazy("报送时间"), lambda t: when(t.submitted_at)),
    Column(gettext_lazy("逾期报送"), lambda t: t.late_text),
)


@login_required
def my_tasks(request):
    include_done = request.GET.get("done") == "1"
    tasks = selectors.my_tasks(request.user, include_done=include_done)
    if wants_xlsx(request):
        shown = (_("任务范围"), _("全部(含已通过)") if include_done else _("未完成"))
        rows = selectors.with_deadlines(bounded(tasks))
        scope = names(roots_for(request.user))
        return xlsx_list(scope=scope, name=_("我的任务"), columns=MY_TASK_COLUMNS, rows=rows, filters=[shown])
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_deadlines(page.object_list)
    context = {
        "page": page,
        "include_done": include_done,
        "many_units": len(paths_for(request.user, "task.submit")) > 1,
        "can_submit": bool(paths_for(request.user, "task.submit")),
    }
    return render(request, "campaigns/my_tasks.html", context)


@login_required
def task_detail(request, pk):
    return _task_page(request, access_task(request.user, pk))


@login_required
@body_limits
@require_POST
def submit_task(request, pk):
    task = access_task(request.user, pk, "task.submit")
    previous = selectors.latest_files(task)
    form = HandInForm(request.POST, request.FILES, requirement=task.requirement, previous_files=previous)
    if form.is_valid():
        try:
            data = form.cleaned_data
            submission = services.submit_task(
                by=request.user, task=task, text=data["text"], uploads=form.uploads(), keep=data.get("keep", [])
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已报送(第 %(v)d 版),等待审核") % {"v": submission.version})
            return redirect("task_detail", task.pk)
    return _task_page(request, task, hand_in=form)


def _review_action(request, task: Task, action: str, service, argument: str, done: str):
    form = review_form(action, request.POST)
    if form.is_valid():
        try:
            service(by=request.user, task=task, **{argument: form.cleaned_data["comment"]})
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("task_detail", task.pk)
    return _task_page(request, task, review={action: form}, errors=form.non_field_errors())


@login_required
@body_limits
@require_POST
def approve_submission(request, pk):
    task = access_task(request.user, pk, "task.review")
    return _review_action(request, task, "approve", services.approve_submission, "comment", _("已通过,已锁定"))


@login_required
@body_limits
@require_POST
def return_submission(request, pk):
    task = access_task(request.user, pk, "task.review")
    done = _("已退回,对方会看到您的意见")
    return _review_action(request, task, "return", services.return_submission, "comment", done)


@login_required
@body_limits
@require_POST
def reopen_task(request, pk):
    task = access_task(request.user, pk, "task.reopen")
    done = _("已重新打开,对方可以更正后重新报送")
    return _review_action(request, task, "reopen", services.reopen_task, "reason", done)


@login_required
@require_POST
def mark_paper_received(request, pk):
    task = access_task(request.user, pk, "task.review")
    received = request.POST.get("received") == "1"
    try:
        services.mark_paper_received(by=request.user, task=task, received=received)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("已登记纸质版收到") if received else _("已撤销纸质版签收"))
    return redirect("task_detail", task.pk)


REVIEW_COLUMNS = (
    Column(gettext_lazy("报送单位"), lambda t: t.unit.name),
    Column(gettext_lazy("任务"), lambda t: t.requirement.title),
    Column(gettext_lazy("活动"), lambda t: t.requirement.campaign.title),
    Column(gettext_lazy("发文单位"), lambda t: t.requirement.campaign.unit.name),
    Column(gettext_lazy("报送时间"), lambda t: when(t.submitted_at)),
    Column(gettext_lazy("版本"), lambda t: t.version),
    Column(gettext_lazy("截止时间"), lambda t: t.deadline),
    Column(gettext_lazy("逾期报送"), lambda t: t.late_text),
    Column(gettext_lazy("状态"), lambda t: t.get_status_display()),
)


@login_required
def review_queue(request):
    if not can_anywhere(request.user, "task.review"):
        raise Http404
    own_only = request.GET.get("all") != "1"
    tasks = selectors.review_queue(request.user, own_only=own_only)
    if wants_xlsx(request):
        shown = (_("活动范围"), _("本单位发布或报送至本单位") if own_only else _("含下级单位发布的活动"))
        rows, scope = selectors.with_deadlines(bounded(tasks)), names(roots_for(request.user))
        return xlsx_list(scope=scope, name=_("审核报送"), columns=REVIEW_COLUMNS, rows=rows, filters=[shown])
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_deadlines(page.object_list)
    return render(request, "campaigns/review_queue.html", {"page": page, "own_only": own_only})


def _disposition(kind: str, filename: str) -> str:
    """RFC 6266, as fupin.lib.http.attachment writes it, so Chinese names survive every browser."""
    return f"{kind}; filename=\"download\"; filename*=UTF-8''{quote(filename)}"


@login_required
def submission_file(request, pk):
    file = selectors.task_file(request.user, pk)
    try:
        handle = file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # the stored file may have been re-encoded (a PNG photo is kept as JPEG): name it by what it is now
    filename = f"{PurePosixPath(file.original_name).stem}{PurePosixPath(file.file.name).suffix}"
    response = FileResponse(handle, content_type=file.content_type)
    inline = file.content_type == "image/jpeg"  # re-encoded photos only; everything else is downloaded
    response["Content-Disposition"] = _disposition("inline" if inline else "attachment", filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def submission_thumbnail(request, pk):
    """A handed-in photo's thumbnail (made once when it was handed in), through the same door as the file."""
    file = selectors.task_file(request.user, pk)
    if not file.thumbnail:
        raise Http404
    try:
        response = FileResponse(file.thumbnail.open("rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def my_tasks_panel(user) -> dict | None:
    """The workbench's block: the next deadlines of the user's units, and what waits for the user's review."""
    hands_in, reviews = bool(paths_for(user, "task.submit")), can_anywhere(user, "task.review")
    if not hands_in and not reviews:
        return None
    return {
        "deadlines": selectors.deadline_summary(user) if hands_in else None,
        "awaiting_review": selectors.review_queue(user).count() if reviews else None,
    }


urlpatterns = [
    path("tasks/", my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", task_detail, name="task_detail"),
    path("tasks/<int:pk>/submit/", submit_task, name="submit_task"),
    path("tasks/<int:pk>/approve/", approve_submission, name="approve_submission"),
    path("tasks/<int:pk>/return/", return_submission, name="return_submission"),
    path("tasks/<int:pk>/reopen/", reopen_task, name="reopen_task"),
    path("tasks/<int:pk>/paper/", mark_paper_received, name="mark_paper_received"),
    path("reviews/", review_queue, name="review_queue"),
    path("submissions/files/<int:pk>/", submission_file, name="submission_file"),
    path("submissions/files/<int:pk>/thumbnail/", submission_thumbnail, name="submission_thumbnail"),
]
