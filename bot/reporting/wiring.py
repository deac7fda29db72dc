"""How the composition root plugs monitoring in: one object in `Kernel.extras`, the
dashboard route, and the chores task (a few lines in `bot.app`)."""

from __future__ import annotations

from bot.http.dashboard import Dashboard
from bot.reporting.chores import MonitoringChores
from bot.reporting.monitor import MONITORING_KEY, Monitoring
from bot.sides import Kernel

CHORES_KEY = "monitoring_chores"  # `Kernel.extras` key of the running chores


def install_monitoring(kernel: Kernel) -> Monitoring:
    config = kernel.config
    staff = frozenset(str(admin) for admin in config.telegram.admins)
    monitoring = Monitoring(
        kernel.db, kernel.repos, kernel.clock, config.monitoring, extra_staff=staff
    )
    kernel.extras[MONITORING_KEY] = monitoring
    Dashboard(monitoring, config.monitoring.dashboard_token).mount(kernel.http)
    return monitoring


def monitoring_chores(kernel: Kernel, interval: float) -> MonitoringChores | None:
    monitoring = kernel.extras.get(MONITORING_KEY)
    if not isinstance(monitoring, Monitoring):
        return None
    chores = MonitoringChores(monitoring, interval=interval)
    kernel.extras[CHORES_KEY] = chores
    return chores
