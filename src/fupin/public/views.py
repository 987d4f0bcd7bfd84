"""The public site's home and the error pages everyone may see."""

import logging

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.orgs.models import Unit, UnitKind
from fupin.publicity.selectors import open_exhibitions

from .editions import current_year, international_edition, national_edition

logger = logging.getLogger("fupin.security")


def public_home(request):
    if request.user.is_authenticated:
        return redirect("home")
    year = current_year()
    context = {
        "year": year,
        "national_edition": national_edition(year),
        "international_edition": international_edition(year),
        "school_count": Unit.objects.filter(kind=UnitKind.SCHOOL).count(),
        "unit_count": Unit.objects.count(),
        "exhibitions": list(open_exhibitions(timezone.localdate())[:5]),
    }
    return render(request, "public/public_home.html", context)


def csrf_failure(request, reason=""):
    logger.warning("CSRF failure: %s %s", request.path, reason)
    return render(request, "403_csrf.html", {"reason": _("页面已过期或来源不明,请刷新页面后重试。")}, status=403)
