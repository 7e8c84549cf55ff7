"""Prefect's Dask task runner, with the settings serialized once per flow run.

prefect-dask sends each task to its worker with the flow's context, serialized at
submission (``prefect.context.serialize_context``), and that includes the whole Prefect
settings tree: about 50 ms of the flow's CPU per task, and the same every time, since
settings do not change during a run. Prefect's own ``ProcessPoolTaskRunner`` caches the
serialized context for the runner's lifetime for the same reason; this runner does it for
the settings only (the rest of the context, such as the task run's id, is per task).
"""

from __future__ import annotations

import copy
from typing import Any

from prefect.context import SettingsContext
from prefect_dask import DaskTaskRunner
from pydantic import PrivateAttr


class SettingsSerializedOnce(SettingsContext):
    """The current settings as a context whose ``serialize`` is computed once."""

    _serialized: dict[bool, dict[str, Any]] = PrivateAttr(default_factory=dict)

    def serialize(self, include_secrets: bool = True) -> dict[str, Any]:
        if include_secrets not in self._serialized:
            self._serialized[include_secrets] = super().serialize(include_secrets=include_secrets)
        # A copy: the caller owns what it is given, as with SettingsContext.serialize.
        return copy.deepcopy(self._serialized[include_secrets])


class DaskTaskRunnerSerializingSettingsOnce(DaskTaskRunner):  # type: ignore[misc]
    """``DaskTaskRunner`` that, while it runs a flow's tasks, makes the flow's settings a
    ``SettingsSerializedOnce``: every task submitted reuses one serialization of them.
    Settings entered later inside the flow (``temporary_settings``) take precedence as
    usual, and are serialized per task."""

    def __enter__(self) -> DaskTaskRunnerSerializingSettingsOnce:
        super().__enter__()
        current = SettingsContext.get()
        if current is not None:
            once = SettingsSerializedOnce(profile=current.profile, settings=current.settings)
            self._exit_stack.enter_context(once)
        return self
