"""What the generator tests share (pytest puts ``tests/`` on ``sys.path``): the bundled
sample's counties, and cached readers of the generated datasets (they are read-only, so each
table is read once)."""

from __future__ import annotations

import functools

from graphgov.generate import calibration

SAMPLE_COUNTIES = ["330106", "330326"]

read = functools.cache(calibration.read)
figures = functools.cache(calibration.figures)
