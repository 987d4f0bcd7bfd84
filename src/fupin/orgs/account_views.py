"""The signed-in person's own account: password and API tokens."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services, tokens
from .forms import ApiTokenForm
from .models import ApiToken


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(
                by=request.user, user=request.user, password=form.cleaned_data["new_password1"], must_change=False
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改"))
            return redirect("home")
    return render(request, "registration/password_change.html", {"form": form})


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        raw = tokens.issue_token(by=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    context = {"form": form, "tokens": ApiToken.objects.filter(user=request.user), "raw": raw}
    return render(request, "orgs/api_tokens.html", context)


@login_required
@require_POST
def revoke_api_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(by=request.user, token=token)
    messages.success(request, _("令牌已作废"))
    return redirect("api_tokens")
