"""Prompt files of the pipeline's model roles, one per role (``<role>.md``, front matter ``version: N``)."""
