"""The notice reader: a 扶贫日 notice's text in, the fields of a draft campaign out."""

from .reader import read_notice

__all__ = ["read_notice"]
