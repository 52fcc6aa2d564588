"""Fault modes that make the reference service break its contract on purpose.

A fault is selected at start with ``--fault NAME`` or ``--fault NAME=VALUE`` so that a scenario can
be shown to fail for the right reason. The service code calls ``Faults.enabled(name)`` at the one
place where each fault changes behavior. Adding a fault means adding a ``FaultSpec`` here and that check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class FaultSpec:
    """One fault mode: its name, what it breaks, and how its optional value is parsed."""

    name: str
    summary: str
    value_name: str | None = None
    parse_value: Callable[[str], object] | None = None


def _parse_seconds(text: str) -> float:
    seconds = float(text)
    if not 0 <= seconds < math.inf:
        raise ValueError(f"expected a finite number of seconds >= 0, got {text!r}")
    return seconds


FAULT_SPECS: tuple[FaultSpec, ...] = (
    FaultSpec("keep-uploads", "never delete uploads, neither at job end nor on cancel"),
    FaultSpec("leak-on-cancel", "keep the upload of a canceled job in S3"),
    FaultSpec(
        "wrong-key-layout",
        "store the upload at <prefix>/<32 hex>_<safe name>, without the <job_id>/ folder",
    ),
    FaultSpec(
        "extra-object",
        "store a second object, <upload key>.json, beside the upload (deleted with it)",
    ),
    FaultSpec("fail-jobs", "end every job failed"),
    FaultSpec("never-finish", "leave every job in_progress until it is canceled"),
    FaultSpec(
        "slow-cleanup",
        "wait SECONDS after the job ends (and after the callback) before deleting the upload",
        value_name="SECONDS",
        parse_value=_parse_seconds,
    ),
    FaultSpec("flaky-status", "answer the second status request of each job with 500"),
    FaultSpec(
        "status-regress",
        "after a job ends, answer the second status request that sees it ended with in_progress",
    ),
    FaultSpec("bad-callback-signature", "sign callbacks with a wrong secret"),
    FaultSpec(
        "callback-missing",
        "never send callbacks; callback_status stays pending and callback_attempts 0",
    ),
    FaultSpec(
        "queue-full-without-retry-after",
        "send the 429 JOB_QUEUE_FULL response without the Retry-After header",
    ),
)

FAULTS_BY_NAME = {spec.name: spec for spec in FAULT_SPECS}


class Faults:
    """The set of fault modes selected for one service run, with their values."""

    def __init__(self, values: dict[str, object] | None = None) -> None:
        self._values = dict(values or {})

    @classmethod
    def parse(cls, options: list[str]) -> "Faults":
        """Parse ``NAME`` and ``NAME=VALUE`` options, raising ``ValueError`` on an unknown name."""
        values: dict[str, object] = {}
        for option in options:
            name, has_value, text = option.partition("=")
            spec = FAULTS_BY_NAME.get(name)
            if spec is None:
                known = ", ".join(FAULTS_BY_NAME)
                raise ValueError(f"unknown fault {name!r}; known faults: {known}")
            if spec.parse_value is None:
                if has_value:
                    raise ValueError(f"fault {name!r} takes no value, got {option!r}")
                values[name] = True
                continue
            if not has_value:
                raise ValueError(f"fault {name!r} needs a value: --fault {name}={spec.value_name}")
            try:
                values[name] = spec.parse_value(text)
            except ValueError as error:
                raise ValueError(f"invalid value for fault {name!r}: {error}") from None
        return cls(values)

    def enabled(self, name: str) -> bool:
        if name not in FAULTS_BY_NAME:
            raise KeyError(f"unknown fault {name!r}")
        return name in self._values

    def value(self, name: str) -> object:
        return self._values[name]

    def describe(self) -> list[str]:
        """Return the selected faults as ``--fault`` option values, for logs."""
        described = []
        for name, value in self._values.items():
            described.append(name if value is True else f"{name}={value}")
        return described


def help_text() -> str:
    """Return one line per fault for ``--help`` output."""
    lines = []
    for spec in FAULT_SPECS:
        label = f"{spec.name}={spec.value_name}" if spec.value_name else spec.name
        lines.append(f"  {label:34} {spec.summary}")
    return "\n".join(lines)
