"""Prefect's Dask task runner, with the settings serialized once per flow run, and
thaidoc's local Dask clusters.

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

import dask
from distributed import LocalCluster
from prefect.context import SettingsContext
from prefect_dask import DaskTaskRunner
from pydantic import PrivateAttr

# Dask config of thaidoc's local clusters, in their scheduler (in the flow's process) and
# their workers alike. No statistical profiler: a stack sample every 10 ms for the
# dashboard cost a worker about 5% of its CPU. Dask's own monitors at a batch job's pace:
# the event-loop watchdog ticked every 20 ms and the system monitor sampled every 0.5 s in
# the scheduler and every worker: an idle cluster of 2 workers took 0.07 s of CPU a
# second, 0.04 s at 1 s and 5 s. A loop blocked for 3 s is still reported, and the
# dashboard still has its figures.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def local_cluster(workers: int) -> LocalCluster:
    """A ``distributed.LocalCluster`` of ``workers`` processes with one thread each, with
    ``LOCAL_CLUSTER_CONFIG`` in its scheduler and its workers."""
    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read by the scheduler as it starts, here
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with another run
            config=LOCAL_CLUSTER_CONFIG,  # set in each worker's process
        )


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
