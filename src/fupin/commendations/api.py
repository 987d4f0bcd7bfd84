"""Published commendation lists over REST, for anyone: each entry with only its name, unit, honour and deeds."""

from datetime import date

from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from fupin.lib.api_pages import DbId, Pages

from . import selectors
from .permissions import access_public_list

public_router = Router(tags=["公开:表彰名单"], auth=None)


class PublicEntryOut(Schema):
    order: int
    honour: str
    category: str
    name: str
    unit: str
    deeds: str
    certificate_url: str

    @staticmethod
    def resolve_category(obj):
        return obj.nomination.category

    @staticmethod
    def resolve_name(obj):
        return obj.nomination.name

    @staticmethod
    def resolve_unit(obj):
        return obj.nomination.nominee_unit

    @staticmethod
    def resolve_deeds(obj):
        return obj.nomination.deeds

    @staticmethod
    def resolve_certificate_url(obj):
        return reverse("commendation_certificate", args=[obj.pk])


class PublicListOut(Schema):
    id: int
    title: str
    document_number: str
    issued_on: date
    office_name: str
    campaign_year: int

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_campaign_year(obj):
        return obj.campaign.year


class PublicListDetailOut(PublicListOut):
    entries: list[PublicEntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(selectors.list_entries(obj))


@public_router.get("/commendation-lists", response=list[PublicListOut])
@paginate(Pages)
def list_commendation_lists(request):
    return selectors.published_lists()


@public_router.get("/commendation-lists/{list_id}", response=PublicListDetailOut)
def get_commendation_list(request, list_id: DbId):
    return access_public_list(list_id)
