"""English is a real translation; Chinese pages show no English leftovers of Django's own strings.

The catalogs live in src/fupin/locale; the .mo files are built by `fupin compilemessages` (scripts/test).
"""

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from fupin.orgs.models import Membership

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: {"flags": {...}, "msgid": ..., "msgstr[0]": ...}; obsolete ones left out."""
    entries: list[dict] = []
    entry: dict | None = None
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            entry = None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set()}
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return [e for e in entries if "msgid" in e]


def compiled(language: str) -> bool:
    return (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.fixture
def english(client):
    assert compiled("en"), "no English .mo file: run `fupin compilemessages` (scripts/test does)"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_the_login_page_is_in_english(db, english):
    page = english.get(reverse("login")).content.decode()
    assert 'lang="en"' in page
    assert "Staff login" in page and "Log in" in page and "Password" in page
    assert "工作人员登录" not in page and "密码" not in page


def test_the_workbench_and_the_unit_list_are_in_english(english, login, school_reporter):
    client = login(school_reporter)
    workbench = client.get(reverse("home")).content.decode()
    assert "Workbench" in workbench and "My units and roles" in workbench and "Reporter" in workbench
    assert "Log out" in workbench and "工作台" not in workbench and "报送员" not in workbench
    units = client.get(reverse("unit_list")).content.decode()
    assert "Units" in units and "Unit name" in units and "Export to Excel" in units
    assert "工作台" not in units and "单位名称" not in units


def test_every_english_entry_is_translated_with_the_same_placeholders():
    entries = read_po(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"] or "the header"
        if not entry["msgid"]:
            continue
        pairs = (
            [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]
            if "msgid_plural" in entry
            else [(entry["msgid"], entry["msgstr"])]
        )
        for source, translated in pairs:
            assert translated.strip(), f"no English for {source!r}"
            assert Counter(PLACEHOLDER.findall(translated)) == Counter(PLACEHOLDER.findall(source)), source
            # {% blocktranslate %} puts the text into the page unescaped, some of it inside data-confirm="…".
            assert not set('<>&"') & set(translated) - set(source), f"use “curly quotes” in {translated!r}"


def test_the_chinese_catalog_only_translates_djangos_english():
    """Our Chinese msgids stay untranslated (Django shows the msgid); only Django's English strings get a msgstr."""
    entries = read_po(LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po")
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"] or "the header"
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        if not entry["msgid"]:
            continue
        if re.search(r"[\u4e00-\u9fff]", entry["msgid"]):
            assert not any(translations), f"Chinese msgid {entry['msgid']!r} has a msgstr: change the source instead"
        else:
            assert all(translations), f"Django's {entry['msgid']!r} needs its Chinese msgstr"
    assert any(e["msgid"] == "- Select an option -" for e in entries), "makemessages dropped the hand-added entries"


def test_the_chinese_unit_form_never_says_select_an_option(county_officer, tree, login):
    page = login(county_officer).get(reverse("unit_create", args=[tree.county1.pk])).content.decode()
    assert 'lang="zh-hans"' in page and "请选择单位类型" in page
    assert "Select an option" not in page


def test_djangos_blank_choice_is_chinese(db):
    """Django 6.1's own blank choice (e.g. in the admin) has no Chinese in Django: our catalog supplies it."""
    assert compiled("zh_Hans"), "no Chinese .mo file: run `fupin compilemessages` (scripts/test does)"
    form = forms.modelform_factory(Membership, fields=["role"])()
    with translation.override("zh-hans"):
        html = str(form["role"])
    assert "请选择" in html and "Select an option" not in html
