"""Every page has its own URL name: two apps naming a page alike made `reverse` give one app's page for the
other's link (the 现场捐赠 nominations' export came back as the 先进典型 nominations)."""

from collections import defaultdict

from django.urls import get_resolver


def _names(resolver, namespace: str, found: dict[str, list[str]]) -> dict[str, list[str]]:
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            _names(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""), found)
        elif pattern.name:
            found[namespace + pattern.name].append(str(pattern.pattern))
    return found


def test_no_two_pages_share_a_url_name():
    names = _names(get_resolver(), "", defaultdict(list))
    assert {name: routes for name, routes in names.items() if len(routes) > 1} == {}
