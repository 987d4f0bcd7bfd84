"""Uploads in an S3-compatible store (moto stands in for it): the site, its readiness and its backups use it."""

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from moto import mock_aws

from fupin.ops import backup as backups


def _s3(bucket):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "region_name": "cn-north-1",
            "access_key": "testing",
            "secret_key": "testing",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


@pytest.fixture
def s3(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="cn-north-1", aws_access_key_id="testing", aws_secret_access_key="x")
        for bucket in ("fupin-media", "fupin-restored"):
            client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
        settings.STORAGES = {**settings.STORAGES, "default": _s3("fupin-media")}
        yield client


def test_the_s3_store_is_chosen_when_a_bucket_is_configured():
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fupin.settings",
        "FUPIN_S3_BUCKET": "fupin-media",
        "FUPIN_S3_ENDPOINT_URL": "http://10.0.0.30:9000",
        "FUPIN_S3_ADDRESSING_STYLE": "path",
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    chosen = json.loads(done.stdout)
    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["OPTIONS"]["bucket_name"] == "fupin-media"
    assert chosen["OPTIONS"]["endpoint_url"] == "http://10.0.0.30:9000"
    assert chosen["OPTIONS"]["querystring_auth"] is True and chosen["OPTIONS"]["querystring_expire"] == 300


def test_local_disk_stays_the_default():
    from django.conf import settings

    assert settings.STORAGES["default"]["BACKEND"] == "fupin.lib.storage.LocalStorage"


def test_a_link_to_a_stored_file_is_signed_and_expires(s3):
    name = default_storage.save("proofs/回单.jpg", ContentFile(b"receipt"))
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


@pytest.mark.django_db
def test_readyz_writes_its_probe_to_the_s3_store_and_leaves_nothing(client, s3):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["storage"]["ok"] is True
    assert "Contents" not in s3.list_objects_v2(Bucket="fupin-media")


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_files_of_an_s3_store(tree, tmp_path, s3, settings):
    default_storage.save("exhibition/合影.jpg", ContentFile(b"photo"))
    default_storage.save("proofs/回单.jpg", ContentFile(b"receipt"))
    call_command("backup", str(tmp_path / "backup"))
    names = [entry["name"] for entry in backups.read_manifest(tmp_path / "backup")["media"]]
    assert names == ["exhibition/合影.jpg", "proofs/回单.jpg"]

    settings.STORAGES = {**settings.STORAGES, "default": _s3("fupin-restored")}
    with pytest.raises(backups.BackupError, match="目标数据库不是空的"):  # the files check comes after
        backups.restore_backup(source=tmp_path / "backup")
    assert "Contents" not in s3.list_objects_v2(Bucket="fupin-restored")

    for name in names:  # the files step of a restore, into the empty bucket
        backups._copy_in(default_storage, tmp_path / "backup", name)
    restored = s3.get_object(Bucket="fupin-restored", Key="exhibition/合影.jpg")["Body"].read()
    assert restored == b"photo"
