"""SmartHome: hubs, rooms, devices, scenes, schedules and energy for the persona (``toolgym/SmartHome-v0``)."""

from .env import SmartHome

__all__ = ["SmartHome"]
