"""Dataset exporters: one module per format, each a pure function of canonical episodes."""
