"""Calculator and unit conversion: arithmetic, statistics, units, currencies, memory, history."""

from .env import Calculator

__all__ = ["Calculator"]
