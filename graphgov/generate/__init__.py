"""The synthetic province: organizations, Party organizations, people, posts, services and
facilities on a real province's division hierarchy (Zhejiang by default).

>>> from graphgov.generate import generate, GeneratorConfig
>>> import tempfile
>>> generate(tempfile.mkdtemp(), scale=0.05, counties=["330106"])["regions"] > 0
True

See ``datasets/README.md`` for the data dictionary and every knob of
:class:`GeneratorConfig`.
"""

from graphgov.generate.config import GeneratorConfig
from graphgov.generate.core import STEPS, build, generate

__all__ = ["GeneratorConfig", "STEPS", "build", "generate"]
