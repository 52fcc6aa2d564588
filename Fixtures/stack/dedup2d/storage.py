"""S3 storage for uploaded drawings: the key layout and the put, get and delete calls."""

from __future__ import annotations

import logging
import re
import uuid

import boto3
from botocore.config import Config

from .faults import Faults

logger = logging.getLogger("dedup2d.storage")

SAFE_NAME_MAX_LENGTH = 200
SAFE_NAME_FALLBACK = "upload.bin"
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(file_name: str) -> str:
    """Turn an uploaded file name into the last part of an S3 key.

    Keeps ``[A-Za-z0-9._-]``, turns every other run of characters into ``_``, strips leading and
    trailing ``.``, ``_`` and ``-``, falls back to ``upload.bin`` and cuts the result at 200
    characters, in that order.
    """
    name = _UNSAFE_RUN.sub("_", file_name or "")
    name = name.strip("._-")
    if not name:
        name = SAFE_NAME_FALLBACK
    return name[:SAFE_NAME_MAX_LENGTH]


class UploadStore:
    """Puts, reads and deletes job uploads in one bucket under one prefix."""

    def __init__(
        self,
        *,
        endpoint_url: str,
        region: str,
        bucket: str,
        prefix: str,
        access_key_id: str,
        secret_access_key: str,
        faults: Faults,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._faults = faults
        self._client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                connect_timeout=2,
                read_timeout=10,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        )

    def upload_key(self, job_id: str, file_name: str) -> str:
        """Return ``<prefix>/<job_id>/<32 lowercase hex>_<safe name>``.

        The ``wrong-key-layout`` fault drops the ``<job_id>/`` folder.
        """
        leaf = f"{uuid.uuid4().hex}_{safe_name(file_name)}"
        parts = [self.prefix] if self.prefix else []
        if not self._faults.enabled("wrong-key-layout"):
            parts.append(job_id)
        parts.append(leaf)
        return "/".join(parts)

    def put_upload(self, job_id: str, file_name: str, data: bytes, content_type: str) -> list[str]:
        """Store an upload and return every key written for it, the upload key first.

        The ``extra-object`` fault writes a second object beside the upload.
        """
        key = self.upload_key(job_id, file_name)
        self._client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)
        keys = [key]
        if self._faults.enabled("extra-object"):
            extra_key = f"{key}.json"
            self._client.put_object(
                Bucket=self.bucket,
                Key=extra_key,
                Body=b'{"job_id":"' + job_id.encode() + b'"}',
                ContentType="application/json",
            )
            keys.append(extra_key)
        return keys

    def read(self, key: str) -> bytes:
        response = self._client.get_object(Bucket=self.bucket, Key=key)
        return response["Body"].read()

    def delete(self, job_id: str, keys: list[str]) -> None:
        """Delete the given keys, logging each failure instead of raising it."""
        for key in keys:
            try:
                self._client.delete_object(Bucket=self.bucket, Key=key)
            except Exception as error:  # botocore raises many unrelated types here.
                logger.error("failed to delete upload: job_id=%s key=%s error=%s", job_id, key, error)
            else:
                logger.info("deleted upload: job_id=%s key=%s", job_id, key)
