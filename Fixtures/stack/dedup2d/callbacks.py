"""Webhook callbacks: URL validation at submit, HMAC signing and delivery with retries."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import requests

from .faults import Faults

logger = logging.getLogger("dedup2d.callbacks")

USER_AGENT = "cad-ml-platform/dedup2d-webhook"
RETRYABLE_STATUS_CODES = frozenset({408, 425, 429})


class CallbackURLError(ValueError):
    """A callback URL that the service rejects. The message gives the reason."""


@dataclass(frozen=True)
class CallbackPolicy:
    """Rules for the callback URLs that a submit may name."""

    allow_http: bool = True
    block_private_networks: bool = False

    def validate(self, url: str) -> None:
        """Raise ``CallbackURLError`` when ``url`` may not be used as a callback."""
        if not url.strip():
            raise CallbackURLError("callback_url is empty")
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        allowed = ("http", "https") if self.allow_http else ("https",)
        if scheme not in allowed:
            raise CallbackURLError(
                f"callback_url scheme {scheme or '(none)'!r} is not allowed; use {' or '.join(allowed)}"
            )
        if parts.username is not None or parts.password is not None:
            raise CallbackURLError("callback_url must not contain userinfo (user:password@)")
        if not parts.hostname:
            raise CallbackURLError("callback_url has no host name")
        if self.block_private_networks:
            self._reject_private_address(parts.hostname)

    @staticmethod
    def _reject_private_address(host: str) -> None:
        # NOTE: only IP literals are checked; host names are not resolved.
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
        ):
            raise CallbackURLError(f"callback_url host {host} is a private or local address")


def payload_body(document: dict) -> bytes:
    """Encode a callback payload as compact JSON with sorted keys, the bytes that get signed."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature_header(secret: str, job_id: str, body: bytes, timestamp: int) -> str:
    """Return ``t=<unix>,v1=<hex HMAC-SHA256 over "<t>.<job_id>." + body>``."""
    message = f"{timestamp}.{job_id}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass
class CallbackOutcome:
    success: bool
    attempts: int
    http_status: int | None
    last_error: str | None


class CallbackSender:
    """Delivers one job's callback, retrying 408, 425, 429, 5xx and network errors."""

    def __init__(
        self,
        *,
        secret: str,
        max_attempts: int,
        backoff_base: float,
        backoff_max: float,
        timeout: float,
        faults: Faults,
    ) -> None:
        self._secret = secret
        self._max_attempts = max(1, max_attempts)
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._timeout = timeout
        self._faults = faults

    def send(
        self,
        url: str,
        job_id: str,
        tenant_id: str,
        document: dict,
        on_attempt: Callable[[int], None],
    ) -> CallbackOutcome:
        """POST ``document`` to ``url`` until it succeeds or the attempts run out.

        ``on_attempt`` is called with the attempt number before each attempt.
        """
        body = payload_body(document)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Dedup-Job-Id": job_id,
            "X-Dedup-Tenant-Id": tenant_id,
        }
        if self._secret:
            # One timestamp for all attempts, so every retry carries the same signature.
            secret = self._secret
            if self._faults.enabled("bad-callback-signature"):
                secret = secret + "-wrong"
            headers["X-Dedup-Signature"] = signature_header(secret, job_id, body, int(time.time()))
            headers["X-Dedup-Signature-Version"] = "v1"

        backoff = self._backoff_base
        http_status: int | None = None
        last_error: str | None = None
        with requests.Session() as session:
            # Proxy settings from the environment must not redirect callbacks to another host.
            session.trust_env = False
            for attempt in range(1, self._max_attempts + 1):
                on_attempt(attempt)
                retryable = False
                try:
                    response = session.post(
                        url, data=body, headers=headers, timeout=self._timeout, allow_redirects=False
                    )
                except requests.RequestException as error:
                    http_status = None
                    last_error = f"{type(error).__name__}: {error}"
                    retryable = True
                else:
                    http_status = response.status_code
                    if 200 <= http_status <= 299:
                        logger.info(
                            "callback delivered: job_id=%s attempt=%d http_status=%d",
                            job_id, attempt, http_status,
                        )
                        return CallbackOutcome(True, attempt, http_status, None)
                    last_error = f"http_status:{http_status}"
                    retryable = http_status in RETRYABLE_STATUS_CODES or 500 <= http_status <= 599
                if not retryable or attempt == self._max_attempts:
                    logger.error(
                        "callback failed: job_id=%s attempt=%d error=%s", job_id, attempt, last_error
                    )
                    return CallbackOutcome(False, attempt, http_status, last_error)
                logger.warning(
                    "callback attempt failed, retrying in %.2f s: job_id=%s attempt=%d error=%s",
                    backoff, job_id, attempt, last_error,
                )
                time.sleep(backoff)
                backoff = min(backoff * 2, self._backoff_max)
        raise AssertionError("unreachable: the loop returns on its last attempt")
