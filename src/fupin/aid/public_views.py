"""The public 公示 of student aid: each live programme's approved list with masked name, school and amount
only, from the first to the last day of its 公示; before and after, the page is not there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import attachment, saved
from fupin.lib.list_export import yuan
from fupin.lib.xlsx import write_table

from . import selectors
from .forms import DisclosureForm
from .permissions import access_program, public_program
from .services.disclosure import publish_disclosure


def aid_disclosure_list(request):
    programs = selectors.live_disclosures(timezone.localdate())
    return render(request, "aid/public_disclosure_list.html", {"programs": programs})


def aid_disclosure(request, pk):
    program = public_program(pk, timezone.localdate())
    rows = selectors.disclosed_rows(program)
    return render(request, "aid/public_disclosure.html", {"program": program, "rows": rows})


def aid_disclosure_xlsx(request, pk):
    program = public_program(pk, timezone.localdate())
    rows = [[name, school, yuan(fen)] for name, school, fen in selectors.disclosed_rows(program)]
    title = _("%(p)s 资助名单公示") % {"p": program.name}
    data = write_table(
        title=title, headers=[_("姓名"), _("学校"), _("金额(元)")], rows=rows, formats=[None, None, "#,##0.00"]
    )
    return attachment(data, _("%(p)s公示.xlsx") % {"p": program.name})


@login_required
@require_POST
def disclosure_publish(request, pk):
    program = access_program(request.user, pk, "aid.manage")
    form = DisclosureForm(request.POST)
    if form.is_valid():
        saved(request, form, publish_disclosure, _("已公示,公示期结束后自动从公开网站撤下"), program=program)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("program_detail", program.pk)


urlpatterns = [
    path("disclosure/aid/", aid_disclosure_list, name="aid_disclosure_list"),
    path("disclosure/aid/<int:pk>/", aid_disclosure, name="aid_disclosure"),
    path("disclosure/aid/<int:pk>/xlsx/", aid_disclosure_xlsx, name="aid_disclosure_xlsx"),
    path("aid/programs/<int:pk>/disclosure/", disclosure_publish, name="disclosure_publish"),
]
