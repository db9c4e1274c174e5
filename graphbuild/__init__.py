"""graphbuild: policy reports → knowledge graphs of actors, agreements, issues and sources.

``import graphbuild`` is cheap: the heavy parts (spaCy, rdflib, pyvis) load inside the
functions that need them.
"""

__version__ = "0.1.0"
