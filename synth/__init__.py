"""Policies, rollouts, the synthesis pipeline and scale-out (``import toolgym.synth``)."""
