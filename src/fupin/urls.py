from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fupin.api import api

urlpatterns = [
    path("", include("fupin.public.urls")),
    path("", include("fupin.orgs.urls")),
    path("", include("fupin.audit.urls")),
    path("", include("fupin.campaigns.urls")),
    path("", include("fupin.documents.urls")),
    path("", include("fupin.donations.urls")),
    path("", include("fupin.households.urls")),
    path("", include("fupin.pairing.urls")),
    path("", include("fupin.jobs.urls")),
    path("", include("fupin.matching.urls")),
    path("", include("fupin.publicity.urls")),
    path("", include("fupin.aid.urls")),
    path("", include("fupin.volunteers.urls")),
    path("", include("fupin.commendations.urls")),
    path("", include("fupin.assessment.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "fupin.lib.http.bad_request"
