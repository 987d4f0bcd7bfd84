"""The REST API under /api/v1/: assembles the apps' routers; session or token authentication."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, SessionAuth

from fupin.campaigns.api import router as campaigns_router
from fupin.donations.api import router as donations_router
from fupin.donations.public_api import router as public_donations_router
from fupin.households.api import router as households_router
from fupin.orgs.api import router as orgs_router
from fupin.orgs.tokens import user_for_token
from fupin.pairing.api import router as pairing_router


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


api = NinjaAPI(
    title="扶贫日活动管理平台 API",
    version="1",
    urls_namespace="api",
    auth=[SessionAuth(), TokenAuth()],
    docs_url="/docs",
)
api.add_router("/", orgs_router)
api.add_router("/", campaigns_router)
api.add_router("/", donations_router)
api.add_router("/", households_router)
api.add_router("/", pairing_router)
api.add_router("/public", public_donations_router)  # anonymous: no session, token or CSRF


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到"}, status=404)
