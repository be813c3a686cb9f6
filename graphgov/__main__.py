"""`python -m graphgov` runs the command line."""

from graphgov.cli import app

app(prog_name="graphgov")
