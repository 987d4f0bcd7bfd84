"""The REST API under /api/v1/: assembles the apps' routers; token or session authentication.

A request carrying a personal token is authenticated by it and needs no CSRF token: a browser never sends the
`Authorization` header on its own, so another site cannot forge one. A request authenticated by the session
cookie, which a browser does send on its own, must carry the CSRF token to write.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyHeader, SessionAuth
from ninja.utils import check_csrf

from fupin.aid import api_batches as aid_api_batches  # noqa: F401  (adds the bank results to the aid router)
from fupin.aid import api_writes as aid_api_writes  # noqa: F401  (adds the write endpoints to the aid router)
from fupin.aid.api import router as aid_router
from fupin.assessment.api import router as assessment_router
from fupin.campaigns import api_writes  # noqa: F401  (adds the write endpoints to the campaigns router)
from fupin.campaigns.api import router as campaigns_router
from fupin.commendations.api import public_router as public_commendations_router
from fupin.donations.api import router as donations_router
from fupin.donations.public_api import router as public_donations_router
from fupin.households.api import router as households_router
from fupin.lib.http import too_big_reason
from fupin.matching.api import public_router as public_matching_router
from fupin.matching.api import router as matching_router
from fupin.orgs.api import router as orgs_router
from fupin.orgs.tokens import user_for_token
from fupin.pairing.api import router as pairing_router
from fupin.publicity.api import router as publicity_router

from .api_errors import validation_details


class TokenAuth(APIKeyHeader):
    """`Authorization: Token fp_…` (a personal token from 「我的账号 → API 令牌」)."""

    param_name = "Authorization"

    def authenticate(self, request, key):
        if not key or not key.startswith("Token "):
            return None
        user = user_for_token(key.removeprefix("Token ").strip())
        if user is not None:
            request.user = user
        return user


CSRF_REFUSED = "CSRF 校验失败:用会话登录写入时须在 X-CSRFToken 请求头中携带 CSRF 令牌;程序调用请改用 API 令牌"


class SessionCookieAuth(SessionAuth):
    """The signed-in session; a write must carry the CSRF token, as every form of the site does."""

    def _get_key(self, request):
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403, "CSRF 校验失败:用会话登录写入时须在 X-CSRFToken 请求头中携带 CSRF 令牌;程序调用请改用 API 令牌"
            )
        return request.COOKIES.get(self.param_name)


class SiteDocs(DocsBase):
    """Swagger UI inside the site's layout, its files served by the site (from the npm package) under the CSP."""

    def render_page(self, request, api, **kwargs):
        context = {"openapi_json_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)


class ReadableJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese as characters, not escapes


api = NinjaAPI(
    title="扶贫日活动管理平台 API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionCookieAuth()],  # the token first: a token request never meets the CSRF check
    docs_url="/docs",
    docs=SiteDocs(),
    renderer=ReadableJSON(),
)
api.add_router("/", orgs_router)
api.add_router("/", campaigns_router)
api.add_router("/", donations_router)
api.add_router("/", households_router)
api.add_router("/", pairing_router)
api.add_router("/", matching_router)
api.add_router("/", publicity_router)
api.add_router("/", aid_router)
api.add_router("/", assessment_router)
api.add_router("/public", public_donations_router)  # anonymous: no session, token or CSRF
api.add_router("/public", public_matching_router)
api.add_router("/public", public_commendations_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到"}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    """422 in JSON, each problem with where it is (`loc`) and a Chinese message naming the field."""
    return api.create_response(request, {"detail": validation_details(exc.errors)}, status=422)


@api.exception_handler(OverflowError)
def number_out_of_range(request, exc):
    """A number larger than the database can hold is bad input, like any other out-of-range value."""
    return api.create_response(request, {"detail": "请求中的数字超出可接受的范围"}, status=422)


@api.exception_handler(PermissionDenied)
def refused_by_rule(request, exc):
    return api.create_response(request, {"detail": str(exc) or "没有权限"}, status=403)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request, exc):
    return api.create_response(request, {"detail": too_big_reason()}, status=413)


@api.exception_handler(TooManyFilesSent)
@api.exception_handler(TooManyFieldsSent)
def too_many_parts(request, exc):
    return api.create_response(request, {"detail": "一次提交的文件或字段过多,未处理"}, status=400)
