"""Vehicle control: the user's car (locks, engine, climate, fuel, tyres, navigation, trips)."""

from .env import Vehicle

__all__ = ["Vehicle"]
