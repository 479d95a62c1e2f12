"""The module's pages: one module per group of sections (see `urls.py`)."""
