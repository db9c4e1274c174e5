"""Projection: the canonical RDF graph → a ``networkx.MultiDiGraph`` for analysis and pictures.

The projection is graphbuild's own, not rdflib's generic converter (which makes every literal a
node). It reads only the graph, so a Turtle file written earlier or a merged corpus projects
the same way as a fresh build.

Nodes (keyed by IRI string)
---------------------------
- **entities**: every subject typed with one of graphbuild's actor, place, agreement or event
  classes (``gb:Person``, ``gb:Country``, ``gb:GovernmentAgency``, ``gb:TradeAgreement`` …)
  that the text names (it has ``gb:mentionCount`` or ``gb:mentionedIn``);
- **issues**: every ``gb:Issue`` (SKOS concepts of the issue scheme);
- **recommendations**: every ``gb:Recommendation``;
- **structure** (only with ``include_structure=True``, or when the graph has no entity or issue
  at all, so a graph of document structure alone still projects to something): sections,
  endnotes and the works the notes cite.

Node attributes: ``label`` (``skos:prefLabel``, else ``rdfs:label``), ``type`` (the most
specific graphbuild class), ``types`` (every graphbuild class, sorted), ``aliases``
(``skos:altLabel``), ``wikidata`` (a Q-id, or ``None``), ``mentions`` (sum of
``gb:mentionCount``; for an issue, the number of sentences discussing it; for a note, the
number of sentences citing it), ``issues`` (labels of the issues discussed by the sentences
the node is mentioned in) and ``evidence``: a list of ``{"sentence": IRI, "text": …,
"notes": [{"number": n, "works": [{"title": …, "url": …}]}]}`` in reading order. Works also
carry ``url`` and ``date``; notes ``number`` and ``text``; structure nodes ``report``.

Edges (key = the predicate's short name)
----------------------------------------
- every triple whose predicate is one of graphbuild's relation properties (``gb:partyTo``,
  ``gb:leaderOf``, ``gb:coMentionedWith``, ``gb:addressedTo``, ``gb:concerns`` …) or
  ``skos:broader``, between two projected nodes;
- with structure: section → note ``cites`` (weight: how many of the section's sentences cite
  the note), note → work ``cites`` (``cito:cites``) and entity → section ``mentionedIn``
  (weight: sentences of the section naming the entity).

Edge attributes: ``predicate`` (short name), ``predicate_iri``, ``weight`` (``gb:weight`` of a
co-mention statement, else the number of evidence sentences, at least 1), ``confidence``
(highest ``gb:confidence`` of its statements, or ``None``), ``rules`` and ``evidence`` (as
for nodes, from the ``gb:Statement`` nodes' ``gb:evidence``).

Not supported: literals other than those above are not carried over; sentences and
paragraphs are never nodes (they are the evidence).

Everything is built in sorted order, so the same graph gives the same projection.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from .errors import GraphbuildError
from .vocab import CITO, DCTERMS, GB, NIF, OWL, RDF, RDFS, SDO, SKOS

#: Entity classes, most specific first: a node's ``type`` is the first of these it has.
ENTITY_CLASSES: tuple[URIRef, ...] = (
    GB.Person, GB.Country, GB.SubnationalRegion, GB.Region,
    GB.GovernmentAgency, GB.Administration, GB.Legislature, GB.InternationalOrganization,
    GB.ThinkTank, GB.NGO, GB.University, GB.Company, GB.Group,
    GB.TradeAgreement, GB.Treaty, GB.ActionPlan, GB.Initiative, GB.Partnership, GB.Program,
    GB.DialogueMechanism, GB.Law, GB.Policy, GB.Summit,
    GB.Organization, GB.Agreement, GB.Event, GB.Actor,
)
#: Classes of the other nodes the projection makes.
ISSUE_CLASS = GB.Issue
RECOMMENDATION_CLASS = GB.Recommendation
STRUCTURE_CLASSES: tuple[URIRef, ...] = (GB.Section, GB.Endnote, GB.Work)

#: Predicates that become edges between projected nodes.
RELATION_PREDICATES: tuple[URIRef, ...] = (
    GB.leaderOf, GB.partyTo, GB.memberOf, GB.partOf, GB.established, GB.replaced,
    GB.concerns, GB.cooperatesWith, GB.tensionWith, GB.coMentionedWith, GB.addressedTo,
    SKOS.broader,
)
#: Relations that hold both ways; the graph states them both ways, the projection draws one edge.
SYMMETRIC_PREDICATES: frozenset[URIRef] = frozenset(
    {GB.cooperatesWith, GB.tensionWith, GB.coMentionedWith})
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

_TYPE_ORDER = {iri: rank for rank, iri in enumerate(
    (*ENTITY_CLASSES, ISSUE_CLASS, RECOMMENDATION_CLASS, *STRUCTURE_CLASSES))}


def short_name(iri: URIRef | str) -> str:
    """The local name of an IRI: ``…/ontology#partyTo`` → ``partyTo``."""
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _label(graph: Graph, node: URIRef) -> str:
    for predicate in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
        values = sorted(str(v) for v in graph.objects(node, predicate))
        if values:
            return values[0]
    return short_name(node)


def _sort_key_sentence(graph: Graph, sentence: URIRef) -> tuple[str, int]:
    report = graph.value(sentence, GB.inReport)
    index = graph.value(sentence, GB.index)
    return (str(report or ""), int(index) if index is not None else -1)


class _Evidence:
    """Builds evidence records (sentence text, notes, works), memoised per sentence."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.cache: dict[URIRef, dict[str, Any]] = {}
        self.order: dict[URIRef, tuple[str, int]] = {}  # sentence → (report, index)

    def work(self, work: URIRef) -> dict[str, Any]:
        url = self.graph.value(work, SDO.url)
        return {"title": _label(self.graph, work), "url": str(url) if url is not None else None}

    def note(self, note: URIRef) -> dict[str, Any]:
        number = self.graph.value(note, GB.noteNumber)
        works = sorted(self.graph.objects(note, CITO.cites))
        return {"number": int(number) if number is not None else None,
                "works": [self.work(w) for w in works]}

    def sentence(self, sentence: URIRef) -> dict[str, Any]:
        record = self.cache.get(sentence)
        if record is None:
            notes = sorted(self.graph.objects(sentence, GB.citesNote),
                           key=lambda n: int(self.graph.value(n, GB.noteNumber) or 0))
            text = self.graph.value(sentence, NIF.anchorOf)
            record = self.cache[sentence] = {
                "sentence": str(sentence), "text": str(text) if text is not None else "",
                "notes": [self.note(n) for n in notes]}
        return record

    def of(self, sentences: Iterable[URIRef]) -> list[dict[str, Any]]:
        ordered = sorted(set(sentences), key=self._position)
        return [self.sentence(s) for s in ordered]

    def _position(self, sentence: URIRef) -> tuple[str, int]:
        found = self.order.get(sentence)
        if found is None:
            found = self.order[sentence] = _sort_key_sentence(self.graph, sentence)
        return found


def _types(graph: Graph, node: URIRef) -> list[URIRef]:
    return sorted((t for t in graph.objects(node, RDF.type) if t in _TYPE_ORDER),
                  key=lambda t: _TYPE_ORDER[t])


def _projected(graph: Graph, classes: Iterable[URIRef]) -> list[URIRef]:
    nodes: set[URIRef] = set()
    for cls in classes:
        nodes.update(n for n in graph.subjects(RDF.type, cls) if isinstance(n, URIRef))
    return sorted(nodes)


def to_networkx(graph: Graph, *, include_structure: bool = False) -> nx.MultiDiGraph:
    """Project an RDF graph to a MultiDiGraph of entities, issues and their relations.

    Parameters
    ----------
    graph : rdflib.Graph
        A report's graph, a merged corpus, or a Dataset (its union is projected).
    include_structure : bool
        Also project sections, endnotes and works. Done anyway when the graph has no entity,
        issue or recommendation.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI string, edges keyed by predicate short name; the graph attribute
        ``mode`` is ``"entities"``, ``"structure"`` or ``"entities+structure"``.

    Examples
    --------
    >>> nxg = to_networkx(graph)                        # doctest: +SKIP
    >>> nxg.nodes["https://w3id.org/graphbuild/id/entity/country/peru"]["label"]  # doctest: +SKIP
    'Peru'
    """
    evidence = _Evidence(graph)
    # an entity is something the text names: a report's author or a cited work's author who
    # is never named in the body is not one of the report's entities
    entities = [node for node in _projected(graph, ENTITY_CLASSES)
                if (node, GB.mentionCount, None) in graph or (node, GB.mentionedIn, None) in graph]
    issues = _projected(graph, (ISSUE_CLASS,))
    recommendations = _projected(graph, (RECOMMENDATION_CLASS,))
    has_entities = bool(entities or issues or recommendations)
    structure = include_structure or not has_entities
    mode = ("entities+structure" if has_entities and structure else
            "entities" if has_entities else "structure")
    nxg = nx.MultiDiGraph(mode=mode)

    # issues each sentence discusses, for the nodes' ``issues`` attribute
    issue_label = {issue: _label(graph, issue) for issue in issues}
    sentence_issues: dict[URIRef, set[str]] = defaultdict(set)
    for sentence, issue in graph.subject_objects(GB.discusses):
        if issue in issue_label and (sentence, RDF.type, GB.Sentence) in graph:
            sentence_issues[sentence].add(issue_label[issue])

    # mentions from the mention nodes, one per mention of any report: a merged graph holds
    # one gb:mentionCount triple for two reports that gave the same count
    mention_nodes: dict[URIRef, int] = defaultdict(int)
    for _mention, entity in graph.subject_objects(GB.entity):
        mention_nodes[entity] += 1
    for node in entities:
        sentences = list(graph.objects(node, GB.mentionedIn))
        _add_node(nxg, graph, node, evidence.of(sentences),
                  mentions=mention_nodes.get(node) or sum(
                      int(v) for v in graph.objects(node, GB.mentionCount)),
                  issues=sorted(set().union(*(sentence_issues[s] for s in sentences))))
    for node in issues:
        sentences = [s for s in graph.subjects(GB.discusses, node)
                     if (s, RDF.type, GB.Sentence) in graph]
        _add_node(nxg, graph, node, evidence.of(sentences), mentions=len(set(sentences)),
                  issues=[issue_label[node]])
    for node in recommendations:
        sentences = list(graph.objects(node, GB.evidence))
        concerned = sorted(issue_label[i] for i in graph.objects(node, GB.concerns)
                           if i in issue_label)
        _add_node(nxg, graph, node, evidence.of(sentences), mentions=len(set(sentences)),
                  issues=sorted(set(concerned).union(*(sentence_issues[s] for s in sentences))))

    _add_relations(nxg, graph, evidence)
    if structure:
        _add_structure(nxg, graph, evidence, sentence_issues)
    return nxg


def _add_node(nxg: nx.MultiDiGraph, graph: Graph, node: URIRef, evidence: list[dict[str, Any]],
              *, mentions: int, issues: list[str], **extra: Any) -> None:
    types = _types(graph, node)
    wikidata = sorted(str(o)[len(WIKIDATA_ENTITY):] for o in graph.objects(node, OWL.sameAs)
                      if str(o).startswith(WIKIDATA_ENTITY))
    label = _label(graph, node)
    aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} - {label})
    nxg.add_node(str(node), label=label, type=short_name(types[0]) if types else "Thing",
                 types=sorted(short_name(t) for t in types), aliases=aliases,
                 wikidata=wikidata[0] if wikidata else None, mentions=mentions,
                 issues=issues, evidence=evidence, **extra)


def _add_relations(nxg: nx.MultiDiGraph, graph: Graph, evidence: _Evidence) -> None:
    statements: dict[tuple[URIRef, URIRef, URIRef], list[URIRef]] = defaultdict(list)
    for statement in graph.subjects(RDF.type, GB.Statement):
        key = (graph.value(statement, GB.subject), graph.value(statement, GB.predicate),
               graph.value(statement, GB.object))
        statements[key].append(statement)
    edges = []
    for predicate in RELATION_PREDICATES:
        for subject, obj in graph.subject_objects(predicate):
            if str(subject) in nxg and str(obj) in nxg:
                if predicate in SYMMETRIC_PREDICATES and (subject, predicate, obj) not in \
                        statements and ((obj, predicate, subject) in statements
                                        or str(obj) < str(subject)):
                    continue  # a symmetric pair is one edge, drawn the way it was stated
                edges.append((str(subject), str(obj), predicate))
    # each statement's evidence, weight, confidence and rule, read in one pass per property
    # rather than looked up edge by edge
    facts: dict[URIRef, dict[URIRef, list]] = {
        prop: defaultdict(list) for prop in (GB.evidence, GB.weight, GB.confidence, GB.rule)}
    for prop, values in facts.items():
        for statement, value in graph.subject_objects(prop):
            values[statement].append(value)
    for subject, obj, predicate in sorted(edges):
        found = statements.get((URIRef(subject), predicate, URIRef(obj)), [])
        sentences = [s for st in found for s in facts[GB.evidence].get(st, ())]
        weights = [int(w) for st in found for w in facts[GB.weight].get(st, ())]
        confidences = [float(c) for st in found for c in facts[GB.confidence].get(st, ())]
        rules = sorted({str(r) for st in found for r in facts[GB.rule].get(st, ())})
        name = short_name(predicate)
        nxg.add_edge(subject, obj, key=name, predicate=name, predicate_iri=str(predicate),
                     weight=sum(weights) if weights else max(1, len(set(sentences))),
                     confidence=max(confidences) if confidences else None, rules=rules,
                     evidence=evidence.of(sentences))


def _add_structure(nxg: nx.MultiDiGraph, graph: Graph, evidence: _Evidence,
                   sentence_issues: dict[URIRef, set[str]]) -> None:
    section_of: dict[URIRef, URIRef] = {}
    for sentence in graph.subjects(RDF.type, GB.Sentence):
        paragraph = graph.value(sentence, DCTERMS.isPartOf)
        section = graph.value(paragraph, DCTERMS.isPartOf) if paragraph is not None else None
        if section is not None:
            section_of[sentence] = section
    report_label = {r: _label(graph, r) for r in graph.subjects(RDF.type, GB.Report)}

    def report_of(node: URIRef) -> str | None:
        report = graph.value(node, DCTERMS.isPartOf)
        return report_label.get(report) if report is not None else None

    citing: dict[URIRef, list[URIRef]] = defaultdict(list)
    for sentence, note in graph.subject_objects(GB.citesNote):
        if sentence in section_of:
            citing[note].append(sentence)
    in_section: dict[URIRef, list[URIRef]] = defaultdict(list)
    for sentence, section in section_of.items():
        in_section[section].append(sentence)

    for section in _projected(graph, (GB.Section,)):
        sentences = in_section.get(section, [])
        _add_node(nxg, graph, section, [], mentions=len(sentences),
                  issues=sorted(set().union(*(sentence_issues[s] for s in sentences))),
                  report=report_of(section))
    for note in _projected(graph, (GB.Endnote,)):
        number = graph.value(note, GB.noteNumber)
        text = graph.value(note, GB.rawText)
        sentences = citing.get(note, [])
        _add_node(nxg, graph, note, evidence.of(sentences), mentions=len(set(sentences)),
                  issues=sorted(set().union(*(sentence_issues[s] for s in sentences))),
                  report=report_of(note), number=int(number) if number is not None else None,
                  text=str(text) if text is not None else None,
                  works=[evidence.work(w) for w in sorted(graph.objects(note, CITO.cites))])
    for work in _projected(graph, (GB.Work,)):
        url, date = graph.value(work, SDO.url), graph.value(work, DCTERMS.date)
        sentences = list(graph.subjects(CITO.citesAsEvidence, work))
        _add_node(nxg, graph, work, [], mentions=len(set(sentences)), issues=[],
                  url=str(url) if url is not None else None,
                  date=str(date) if date is not None else None)

    cites: Counter[tuple[str, str]] = Counter()
    cite_evidence: dict[tuple[str, str], list[URIRef]] = defaultdict(list)
    for note, sentences in citing.items():
        for sentence in set(sentences):
            pair = (str(section_of[sentence]), str(note))
            cites[pair] += 1
            cite_evidence[pair].append(sentence)
    edges: list[tuple[str, str, str, int, list[URIRef]]] = []
    for (section, note), weight in cites.items():
        if section in nxg and note in nxg:
            edges.append((section, note, "cites", weight, cite_evidence[(section, note)]))
    for note, work in graph.subject_objects(CITO.cites):
        if str(note) in nxg and str(work) in nxg:
            edges.append((str(note), str(work), "cites", 1, []))
    mentioned: Counter[tuple[str, str]] = Counter()
    mention_evidence: dict[tuple[str, str], list[URIRef]] = defaultdict(list)
    for entity, sentence in graph.subject_objects(GB.mentionedIn):
        if str(entity) in nxg and sentence in section_of:
            pair = (str(entity), str(section_of[sentence]))
            mentioned[pair] += 1
            mention_evidence[pair].append(sentence)
    for (entity, section), weight in mentioned.items():
        edges.append((entity, section, "mentionedIn", weight, mention_evidence[(entity, section)]))
    for source, target, name, weight, sentences in sorted(edges, key=lambda e: e[:3]):
        iri = GB.mentionedIn if name == "mentionedIn" else (
            GB.citesNote if (URIRef(source), RDF.type, GB.Section) in graph else CITO.cites)
        nxg.add_edge(source, target, key=name, predicate=name, predicate_iri=str(iri),
                     weight=weight, confidence=None, rules=[], evidence=evidence.of(sentences))


# -- analysis helpers -------------------------------------------------------------------------

def _simple(nxg: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph with summed edge weights (parallel and reverse edges merged)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxg.nodes))
    for source, target, data in sorted(nxg.edges(data=True), key=lambda e: (e[0], e[1])):
        if source == target:
            continue
        weight = float(data.get("weight", 1) or 1)
        if simple.has_edge(source, target):
            simple[source][target]["weight"] += weight
        else:
            simple.add_edge(source, target, weight=weight)
    return simple


def centrality(nxg: nx.MultiDiGraph, measure: str = "degree") -> dict[str, float]:
    """Centrality of every node, highest first (ties by node id).

    Parameters
    ----------
    nxg : networkx.MultiDiGraph
        A projection from :func:`to_networkx`.
    measure : {"degree", "weighted_degree", "betweenness", "eigenvector", "pagerank"}
        Computed on the undirected graph with parallel edges merged (weights summed);
        eigenvector centrality and PageRank with NumPy (as networkx defines them, without
        the SciPy its own functions need).

    Returns
    -------
    dict
        Node id → score.
    """
    simple = _simple(nxg)
    if measure == "degree":
        scores = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    elif measure == "weighted_degree":
        scores = {n: float(d) for n, d in simple.degree(weight="weight")}
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(simple, weight=None, seed=0,
                                           k=None if len(simple) <= 1000 else 500)
    elif measure == "eigenvector":
        scores = _eigenvector(simple) if len(simple) > 2 else {n: 0.0 for n in simple}
    elif measure == "pagerank":
        scores = _pagerank(simple) if len(simple) else {}
    else:
        raise GraphbuildError(f"unknown centrality measure {measure!r}; use degree, "
                              "weighted_degree, betweenness, eigenvector or pagerank")
    return dict(sorted(scores.items(), key=lambda item: (-item[1], item[0])))


# networkx computes PageRank and eigenvector centrality with SciPy, which graphbuild does not
# depend on; with NumPy alone, as power iterations over the edge list:

def _edge_arrays(simple: nx.Graph) -> tuple[list[str], Any, Any, Any]:
    """Nodes, and each edge both ways as (from, to, weight) arrays of node positions."""
    import numpy as np

    nodes = list(simple)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v], float(d.get("weight", 1.0)))
             for u, v, d in simple.edges(data=True)]
    start = np.array([p[0] for p in pairs] + [p[1] for p in pairs], dtype=int)
    end = np.array([p[1] for p in pairs] + [p[0] for p in pairs], dtype=int)
    weight = np.array([p[2] for p in pairs] * 2, dtype=float)
    return nodes, start, end, weight


def _pagerank(simple: nx.Graph, alpha: float = 0.85, tolerance: float = 1e-10,
              rounds: int = 1000) -> dict[str, float]:
    """PageRank as networkx defines it: a walk along weighted edges, restarting with
    probability ``1 - alpha`` at any node, and from a node with no edge at any node."""
    import numpy as np

    nodes, start, end, weight = _edge_arrays(simple)
    count = len(nodes)
    out = np.bincount(start, weights=weight, minlength=count)
    stuck = out == 0
    rank = np.full(count, 1.0 / count)
    for _ in range(rounds):
        share = np.divide(rank, out, out=np.zeros(count), where=~stuck)
        walked = np.bincount(end, weights=weight * share[start], minlength=count)
        new = alpha * walked + (alpha * rank[stuck].sum() + 1.0 - alpha) / count
        done = np.abs(new - rank).sum() < count * tolerance
        rank = new
        if done:
            break
    return {node: float(score) for node, score in zip(nodes, rank)}


def _eigenvector(simple: nx.Graph, tolerance: float = 1e-12,
                 rounds: int = 10_000) -> dict[str, float]:
    """Eigenvector centrality: the leading eigenvector of the weighted adjacency matrix,
    of unit length, found by iterating with the matrix plus the identity (as networkx)."""
    import numpy as np

    nodes, start, end, weight = _edge_arrays(simple)
    count = len(nodes)
    score = np.full(count, 1.0 / np.sqrt(count))
    for _ in range(rounds):
        new = score + np.bincount(end, weights=weight * score[start], minlength=count)
        new /= np.sqrt(new.dot(new)) or 1.0
        done = np.abs(new - score).sum() < count * tolerance
        score = new
        if done:
            break
    return {node: float(value) for node, value in zip(nodes, score)}


def communities(nxg: nx.MultiDiGraph, *, seed: int = 0, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities of the undirected, weighted projection (fixed seed).

    Returns
    -------
    list of list of str
        Each community's node ids sorted; largest community first (ties by first id).
    """
    simple = _simple(nxg)
    if not len(simple):
        return []
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution,
                                             seed=seed)
    groups = [sorted(group) for group in found]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def find_node(nxg: nx.MultiDiGraph, name: str) -> str:
    """The node whose id, label or alias is ``name`` (case-insensitive; labels win).

    Raises
    ------
    GraphbuildError
        When no node has that name.
    """
    if name in nxg:
        return name
    wanted = name.casefold().strip()
    by_alias = None
    for node, data in sorted(nxg.nodes(data=True)):
        if str(data.get("label", "")).casefold() == wanted:
            return node
        if by_alias is None and any(str(a).casefold() == wanted for a in data.get("aliases", [])):
            by_alias = node
    if by_alias is not None:
        return by_alias
    raise GraphbuildError(f"no node is named {name!r} (labels and aliases are searched)")


def ego(nxg: nx.MultiDiGraph, label: str, hops: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of a node within ``hops`` edges, either direction.

    Parameters
    ----------
    nxg : networkx.MultiDiGraph
    label : str
        The node's label, an alias, or its IRI.
    hops : int
        Radius of the neighbourhood.

    Returns
    -------
    networkx.MultiDiGraph
        A copy holding the node, its neighbours and every edge among them.
    """
    centre = find_node(nxg, label)
    reach = nx.single_source_shortest_path_length(nxg.to_undirected(as_view=True), centre,
                                                  cutoff=hops)
    return nxg.subgraph(sorted(reach)).copy()
