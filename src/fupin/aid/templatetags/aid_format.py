"""分 shown as 元 on the aid pages, through the one money formatter."""

from django import template

from fupin.lib.money import yuan

register = template.Library()


@register.filter(name="aid_yuan")
def aid_yuan(fen: int | None) -> str:
    return "" if fen is None else yuan(fen)
