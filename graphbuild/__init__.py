"""graphbuild: policy reports → knowledge graphs of actors, agreements, issues and sources.

``import graphbuild`` is cheap: the heavy parts (spaCy, rdflib, pyvis) load inside the
functions that need them.
"""

__version__ = "0.1.0"

__all__ = ["build_graph", "load_graph", "query", "run_query", "to_networkx", "__version__"]


def __getattr__(name: str):
    # The public API, loaded on first use so that importing the package stays cheap.
    if name == "build_graph":
        from .build import build_graph
        return build_graph
    if name in ("load_graph", "query", "run_query"):
        from . import sparql
        return getattr(sparql, name)
    if name == "to_networkx":
        from .project import to_networkx
        return to_networkx
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")
