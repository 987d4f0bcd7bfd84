"""The synthetic province's households (in its villages) and students (in its schools): names from the seed,
valid 身份证号 (GB 11643 check digit) made unique by their order and stored as the registry stores them
(encrypted, keyed hash, masked), written in bulk a chunk at a time."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from fupin.aid.models import Student
from fupin.households.models import Household
from fupin.lib.bulk import allocate_ids, insert_rows
from fupin.lib.id_numbers import check_digit, encrypt_id_number, id_number_hash, mask_id_number
from fupin.orgs.models import Unit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩然欣怡子涵梓轩雨桐"
CAUSES = ("illness", "disability", "schooling", "labour", "skills", "funds", "transport")
CHUNK = 10_000


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def id_number(seed: int, born: date, order: int) -> str:
    """A number whose area code carries the seed, so two seeds' people never share one."""
    first17 = f"3{seed % 100_000:05d}{born:%Y%m%d}{order % 1000:03d}"
    return first17 + check_digit(first17)


def _chunks[T](items: Iterator[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _households(seed: int, rng: random.Random, villages: list[Unit], count: int) -> Iterator[Household]:
    first = date(1950, 1, 1)
    for i in range(count):
        number = id_number(seed, first + timedelta(days=i // 999), i % 999 + 1)
        yield Household(
            village=villages[i % len(villages)],
            head_name=person_name(rng),
            head_id_cipher=encrypt_id_number(number),
            head_id_hash=id_number_hash(number),
            head_id_masked=mask_id_number(number),
            category=rng.choices(["registered_poor", "monitored", "borderline"], [6, 3, 1])[0],
            poverty_causes=rng.sample(CAUSES, rng.randint(1, 2)),
            status=rng.choices(["lifted", "monitoring", "in_poverty", "risk_cleared"], [6, 2, 1, 1])[0],
        )


def build_households(seed: int, villages: list[Unit], count: int) -> int:
    rng = random.Random(seed * 7 + 1)
    for chunk in _chunks(_households(seed, rng, villages, count)):
        for household, pk in zip(chunk, allocate_ids(Household, len(chunk)), strict=True):
            household.pk = pk
        insert_rows(Household, chunk)
    return count


def _students(seed: int, rng: random.Random, schools: list[Unit], count: int) -> Iterator[Student]:
    first = date(2008, 9, 1)
    stages = {"primary": "primary", "secondary": "junior", "vocational": "vocational"}
    for i in range(count):
        born = first + timedelta(days=i // 999)
        number = id_number(seed, born, i % 999 + 1)
        school = schools[i % len(schools)]
        yield Student(
            school=school,
            name=person_name(rng),
            id_cipher=encrypt_id_number(number),
            id_hash=id_number_hash(number),
            id_masked=mask_id_number(number),
            birth_date=born,
            stage=stages.get(school.stage, "primary"),
            grade=f"{rng.randint(1, 6)}年级",
            categories=rng.choices([["registered_poor"], ["subsistence"], ["disabled"], ["other"]], [6, 2, 1, 1])[0],
            difficulty=rng.choice(["severe", "difficult", "mild"]),
        )


def build_students(seed: int, schools: list[Unit], count: int) -> int:
    rng = random.Random(seed * 7 + 2)
    for chunk in _chunks(_students(seed, rng, schools, count)):
        for student, pk in zip(chunk, allocate_ids(Student, len(chunk)), strict=True):
            student.pk = pk
        insert_rows(Student, chunk)
    return count
