"""学生结对 as the aid office sees them: each side's name on the pairing, linked to the student registry (by
身份证号 or by choosing the student), and whether the linked student receives aid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import flash_form_errors
from fupin.orgs.policy import can_anywhere

from . import selectors
from .forms import PairedStudentForm
from .permissions import access_student, access_student_pairing
from .services import pairings as services


@login_required
def paired_student_list(request):
    if not can_anywhere(request.user, "aid.view"):
        raise Http404
    context = {
        "rows": selectors.student_pairings(request.user),
        "can_manage": can_anywhere(request.user, "aid.manage"),
    }
    return render(request, "aid/paired_student_list.html", context)


def _link(user, pairing, data):
    if data["student"]:
        student = access_student(user, data["student"], "aid.manage")
        return services.link_paired_student(by=user, pairing=pairing, side=data["side"], student=student)
    return services.link_paired_student_by_number(
        by=user, pairing=pairing, side=data["side"], id_number=data["id_number"]
    )


@login_required
@require_POST
def paired_student_link(request, pk):
    pairing = access_student_pairing(request.user, pk)
    form = PairedStudentForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form, _("关联学生"))
    else:
        try:
            link = _link(request.user, pairing, form.cleaned_data)
            messages.success(request, _("已关联名册中的学生:%(s)s") % {"s": link.student})
        except ValidationError as exc:
            messages.error(request, _("未能关联学生:%(e)s") % {"e": ";".join(exc.messages)})
    return redirect(reverse("paired_student_list") + f"#pairing-{pairing.pk}")


urlpatterns = [
    path("aid/pairings/", paired_student_list, name="paired_student_list"),
    path("aid/pairings/<int:pk>/link/", paired_student_link, name="paired_student_link"),
]
