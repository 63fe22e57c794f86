"""`python -m eoffice` is the `eoffice` command (used to start the embedded worker as a child process)."""

from eoffice.cli import app

app(prog_name="eoffice")
