import time

from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """An account created or reset by an admin must set its own password before anything else."""

    ALLOWED = ("password_change", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class SlidingSessionMiddleware:
    """The idle timeout slides with use, but the session is written at most once a minute: a page and the
    thumbnails it loads in parallel then do not all write the same session row at once."""

    TOUCH_EVERY = 60  # seconds
    KEY = "_fupin_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.TOUCH_EVERY:
                session[self.KEY] = now  # marks the session modified, so it is saved with a new expiry
        return response
