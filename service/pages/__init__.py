"""The pages people read in a browser: their templates and static files, and the term page.

``TEMPLATES`` and ``STATIC`` are the one place that knows where those files are.
"""

from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
