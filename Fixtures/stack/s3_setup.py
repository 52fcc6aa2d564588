"""Create the IAM user, access key and bucket on a fresh moto server, then check that auth is on.

moto skips authentication for the first ``INITIAL_NO_AUTH_ACTION_COUNT`` actions and checks every
later request. ``create_credentials`` makes exactly ``UNAUTHENTICATED_ACTIONS`` calls, so the
count must be started with that value and nothing else may reach the server first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import boto3
import botocore.exceptions
from botocore.config import Config

UNAUTHENTICATED_ACTIONS = 3
IAM_USER_NAME = "dedup2d-stack"
ALLOW_ALL_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
CLIENT_CONFIG = Config(
    s3={"addressing_style": "path"},
    signature_version="s3v4",
    connect_timeout=2,
    read_timeout=10,
    retries={"max_attempts": 2, "mode": "standard"},
)


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str


class S3SetupError(Exception):
    """The moto server did not accept the setup calls or does not enforce signatures."""


def _client(service: str, endpoint: str, region: str, access_key_id: str, secret: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret,
        config=CLIENT_CONFIG,
    )


def create_credentials(endpoint: str, region: str) -> Credentials:
    """Create an IAM user with an allow-all inline policy and return a new access key for it.

    These are the server's unauthenticated actions, so the placeholder key below is never checked.
    """
    iam = _client("iam", endpoint, region, "bootstrap", "bootstrap")
    iam.create_user(UserName=IAM_USER_NAME)
    iam.put_user_policy(
        UserName=IAM_USER_NAME, PolicyName="allow-all", PolicyDocument=json.dumps(ALLOW_ALL_POLICY)
    )
    key = iam.create_access_key(UserName=IAM_USER_NAME)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def create_bucket(endpoint: str, region: str, bucket: str, credentials: Credentials) -> None:
    s3 = _client("s3", endpoint, region, credentials.access_key_id, credentials.secret_access_key)
    s3.create_bucket(Bucket=bucket)


def _error_code(endpoint: str, region: str, bucket: str, access_key_id: str, secret: str) -> str | None:
    s3 = _client("s3", endpoint, region, access_key_id, secret)
    try:
        s3.list_objects_v2(Bucket=bucket, MaxKeys=1)
    except botocore.exceptions.ClientError as error:
        return error.response.get("Error", {}).get("Code")
    return None


def check_authentication(endpoint: str, region: str, bucket: str, credentials: Credentials) -> None:
    """Raise ``S3SetupError`` unless a wrong secret and an unknown key are both rejected."""
    code = _error_code(endpoint, region, bucket, credentials.access_key_id, "wrong-secret")
    if code != "SignatureDoesNotMatch":
        raise S3SetupError(
            f"S3 accepted or misreported a request signed with a wrong secret "
            f"(expected SignatureDoesNotMatch, got {code or 'success'})"
        )
    code = _error_code(endpoint, region, bucket, "AKIAUNKNOWNKEY000000", "wrong-secret")
    if code != "InvalidAccessKeyId":
        raise S3SetupError(
            f"S3 accepted or misreported a request with an unknown access key "
            f"(expected InvalidAccessKeyId, got {code or 'success'})"
        )
