"""Quality of synthesized records, measured on the records as a reader sees them.

* :mod:`.values` reads values back out of text ("June 3, 2025" is ``2025-06-03``): the fixed,
  tested list of normalisations the checks allow.
* :mod:`.grounding`: every argument of every call is derivable from what the assistant had seen
  at that point (the user's words, the system prompt, earlier tool results, a schema default, or
  a phrase of the tool's language that selects a boolean or enum value). It reads the transcript
  only, never the sampler's provenance.
* :mod:`.answers`: every final answer states the answer fields of the calls of its turn.
* :mod:`.text`: duplicates, distinct-n and self-BLEU of user messages; template share of
  answers and reasoning.
* :mod:`.report`: the table of all of it for a run (``toolgym synth`` summary, ``toolgym
  stats``, the dataset card, ``benchmarks/quality.py``).
"""
