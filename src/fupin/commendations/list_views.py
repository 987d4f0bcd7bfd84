"""表彰名单 pages of an office: start a list for a campaign, add selected nominations in order, publish it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.campaigns.selectors.campaigns import visible_campaigns
from fupin.lib.http import acted, flash_form_errors, saved
from fupin.orgs.policy import can, can_anywhere

from . import selectors, services
from .forms import CommendationListForm, EntryForm
from .permissions import access_commendation_list, access_entry


@login_required
def commendation_list_index(request):
    if not can_anywhere(request.user, "commendations.view"):
        raise Http404
    offices = selectors.publishing_offices(request.user)
    initial = {"issued_on": timezone.localdate()}
    form = CommendationListForm(
        request.POST or None, offices=offices, campaigns=visible_campaigns(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        if made := saved(request, form, services.create_commendation_list, _("已新建表彰名单,请添加入选对象")):
            return redirect("commendation_list_detail", made.pk)
    context = {"lists": selectors.managed_lists(request.user)[:200], "form": form if offices.exists() else None}
    return render(request, "commendations/commendation_list_index.html", context)


@login_required
def commendation_list_detail(request, pk):
    clist = access_commendation_list(request.user, pk)
    may_edit = not clist.is_published and can(request.user, "commendations.publish", clist.office.path)
    context = {
        "clist": clist,
        "entries": selectors.list_entries(clist),
        "entry_form": EntryForm(nominations=selectors.eligible_nominations(clist)) if may_edit else None,
        "may_edit": may_edit,
    }
    return render(request, "commendations/commendation_list_detail.html", context)


@login_required
@require_POST
def commendation_entry_add(request, pk):
    clist = access_commendation_list(request.user, pk, "commendations.publish")
    form = EntryForm(request.POST, nominations=selectors.eligible_nominations(clist))
    if not form.is_valid() or not saved(request, form, services.add_to_list, _("已列入名单"), commendation_list=clist):
        flash_form_errors(request, form, _("列入名单"))
    return redirect("commendation_list_detail", clist.pk)


@login_required
@require_POST
def commendation_list_publish(request, pk):
    clist = access_commendation_list(request.user, pk, "commendations.publish")
    acted(request, services.publish_list, _("已发布表彰名单,公众可在网站查看"), commendation_list=clist)
    return redirect("commendation_list_detail", clist.pk)


@login_required
@require_POST
def commendation_entry_move(request, pk):
    entry = access_entry(request.user, pk)
    acted(request, services.move_entry, _("已调整顺序"), entry=entry, up=request.POST.get("direction") == "up")
    return redirect("commendation_list_detail", entry.commendation_list_id)


@login_required
@require_POST
def commendation_entry_remove(request, pk):
    entry = access_entry(request.user, pk)
    acted(request, services.remove_from_list, _("已移出名单"), entry=entry)
    return redirect("commendation_list_detail", entry.commendation_list_id)


urlpatterns = [
    path("honours/lists/", commendation_list_index, name="commendation_list_index"),
    path("honours/lists/<int:pk>/", commendation_list_detail, name="commendation_list_detail"),
    path("honours/lists/<int:pk>/add/", commendation_entry_add, name="commendation_entry_add"),
    path("honours/lists/<int:pk>/publish/", commendation_list_publish, name="commendation_list_publish"),
    path("honours/entries/<int:pk>/move/", commendation_entry_move, name="commendation_entry_move"),
    path("honours/entries/<int:pk>/remove/", commendation_entry_remove, name="commendation_entry_remove"),
]
