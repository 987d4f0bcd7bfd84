"""Bounds of the REST API's numbers: `limit` 1–500, `offset` 0–1,000,000,000, ids 1–2⁶³−1; else a 422."""

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1  # the largest id the database can hold

# An object's id in a query parameter: larger ids are refused (422) before they reach the database.
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Pages(LimitOffsetPagination):
    """Limit/offset pages whose bounds are checked before the database sees them."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="每页条数(1–500)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
