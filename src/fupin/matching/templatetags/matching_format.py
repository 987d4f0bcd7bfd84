"""Money on the wish pages: integer 分 shown as 元 through the one formatter in fupin.lib.money."""

from django import template

from fupin.lib.money import yuan

register = template.Library()


@register.filter
def wish_yuan(fen) -> str:
    return yuan(int(fen or 0))
