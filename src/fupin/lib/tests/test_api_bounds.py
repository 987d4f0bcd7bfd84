"""Every paginated API list uses the bounded `Pages`: an unbounded limit or offset reached PostgreSQL as a 500."""

from pathlib import Path

import fupin


def test_every_paginated_api_list_uses_the_bounded_pages():
    offenders = [
        str(path.relative_to(Path(fupin.__file__).parent))
        for path in Path(fupin.__file__).parent.rglob("*.py")
        if "tests" not in path.parts and "paginate(LimitOffsetPagination)" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
