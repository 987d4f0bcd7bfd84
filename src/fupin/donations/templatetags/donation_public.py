"""Money on the public pages: integer 分 shown as 元 with thousands separators."""

from django import template

from fupin.lib.money import yuan

register = template.Library()


@register.filter
def public_yuan(fen) -> str:
    return yuan(int(fen or 0))
