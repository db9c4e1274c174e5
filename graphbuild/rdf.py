"""RDF: the model → the canonical rdflib graph, and deterministic serialisations.

The graph of a report holds the report node (title, subtitle, authors, source file *name* —
never a path — and SHA-256), its sections, paragraphs (with their kind), sentences (text and
spans into the original file), citation markers and endnotes (number, raw text, span). A
sentence points to the notes its markers cite with ``gb:citesNote``; the note → work link
of the sources stage is a different predicate. The build is a ``prov:Activity`` with the
tool's version, the model's name and version and the inputs' digests — never a time.

There are no blank nodes: every node has an IRI from :mod:`graphbuild.ids`, so two builds
of the same input serialise to the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from . import __version__
from .ids import Ids
from .model import Agent, Report, Span
from .vocab import (CITO, DCTERMS, GB, ISSUE, NIF, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD,
                    bind_prefixes)

# rdflib's own vocabularies find an attribute's IRI through a few calls each time; the
# terms met at nearly every node are looked up once, here.
_TYPE, _LABEL, _PART_OF, _STRING = RDF.type, RDFS.label, DCTERMS.isPartOf, XSD.string

_KIND = {"body": GB.Body, "bullet": GB.Bullet, "pull_quote": GB.PullQuote,
         "author_bio": GB.AuthorBio}


@dataclass(frozen=True)
class BuildInfo:
    """What the provenance record says about a build."""

    model_name: str
    model_version: str
    tool_version: str = __version__


@lru_cache(maxsize=None)
def _int(value: int) -> Literal:
    # a typed literal is slow to make, and small numbers (indexes, span numbers) recur
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _add_span(graph: Graph, node: URIRef, span: Span) -> None:
    graph.add((node, NIF.beginIndex, _int(span.start)))
    graph.add((node, NIF.endIndex, _int(span.end)))


def _add_spans(graph: Graph, ids: Ids, owner: URIRef, spans: list[Span]) -> None:
    for number, span in enumerate(spans):
        node = ids.span(owner, number)
        graph.add((owner, GB.span, node))
        graph.add((node, _TYPE, GB.TextSpan))
        graph.add((node, GB.index, _int(number)))
        _add_span(graph, node, span)


def report_to_rdf(report: Report, ids: Ids, graph: Graph | None = None) -> Graph:
    """Add one report's document structure to ``graph`` (a new graph by default).

    Parameters
    ----------
    report : Report
        A report with sections, paragraphs, sentences and endnotes.
    ids : Ids
        The IRI scheme of the build.
    graph : Graph, optional
        Where to add the triples.

    Returns
    -------
    Graph
        The graph the triples were added to.
    """
    graph = bind_prefixes(Graph() if graph is None else graph)
    add = graph.add
    report_iri = ids.report(report.stem)
    add((report_iri, _TYPE, GB.Report))
    add((report_iri, _TYPE, SDO.Report))
    add((report_iri, GB.sourceFileName, Literal(report.file_name)))
    add((report_iri, GB.sha256, Literal(report.sha256)))
    add((report_iri, _LABEL, Literal(report.title or report.stem)))
    if report.title:
        add((report_iri, DCTERMS.title, Literal(report.title)))
    if report.subtitle:
        add((report_iri, SDO.alternativeHeadline, Literal(report.subtitle)))
    if report.series:
        add((report_iri, GB.seriesName, Literal(report.series)))
    if report.report_date:
        precision = {4: "year", 7: "month"}.get(len(report.report_date), "day")
        add((report_iri, GB.reportDate, Literal(report.report_date, datatype=_DATE_TYPE[precision])))
        add((report_iri, GB.reportDateInferred, Literal(report.report_date_inferred)))
    for name in report.authors:
        person = ids.entity("Person", name)
        add((report_iri, DCTERMS.creator, person))
        add((person, _TYPE, GB.Person))
        add((person, _TYPE, SDO.Person))
        add((person, _LABEL, Literal(name)))
        add((person, SKOS.prefLabel, Literal(name)))

    notes = {note.number: ids.note(report_iri, note.number) for note in report.endnotes}
    marker_index = 0
    for section in report.sections:
        section_iri = ids.section(report_iri, section.index)
        add((section_iri, _TYPE, GB.Section))
        add((section_iri, _PART_OF, report_iri))
        add((section_iri, GB.index, _int(section.index)))
        add((section_iri, _LABEL, Literal(section.title or f"(untitled section {section.index})")))
        if section.title:
            add((section_iri, DCTERMS.title, Literal(section.title)))
        for paragraph in section.paragraphs:
            paragraph_iri = ids.paragraph(report_iri, paragraph.index)
            add((paragraph_iri, _TYPE, GB.Paragraph))
            add((paragraph_iri, _PART_OF, section_iri))
            add((paragraph_iri, GB.index, _int(paragraph.index)))
            add((paragraph_iri, GB.paragraphKind, _KIND[paragraph.kind]))
            _add_spans(graph, ids, paragraph_iri, paragraph.spans)
            for sentence in paragraph.sentences:
                sentence_iri = ids.sentence(report_iri, sentence.index)
                add((sentence_iri, _TYPE, GB.Sentence))
                add((sentence_iri, _TYPE, NIF.Sentence))
                add((sentence_iri, _PART_OF, paragraph_iri))
                add((sentence_iri, GB.inReport, report_iri))
                add((sentence_iri, GB.index, _int(sentence.index)))
                add((sentence_iri, NIF.anchorOf, Literal(sentence.text)))
                _add_spans(graph, ids, sentence_iri, sentence.spans)
                for number in sentence.note_numbers:
                    if number in notes:
                        add((sentence_iri, GB.citesNote, notes[number]))
                for marker in sentence.markers:
                    marker_iri = ids.marker(report_iri, marker_index)
                    marker_index += 1
                    add((marker_iri, _TYPE, GB.Marker))
                    add((marker_iri, GB.inSentence, sentence_iri))
                    _add_span(graph, marker_iri, marker.span)
                    for number in marker.numbers:
                        if number in notes:
                            add((marker_iri, GB.refersToNote, notes[number]))
    for note in report.endnotes:
        note_iri = notes[note.number]
        add((note_iri, _TYPE, GB.Endnote))
        add((note_iri, _PART_OF, report_iri))
        add((note_iri, GB.noteNumber, _int(note.number)))
        add((note_iri, _LABEL, Literal(f"Note {note.number}")))
        add((note_iri, GB.rawText, Literal(note.text)))
        _add_span(graph, note_iri, note.span)
    return graph


_WORK_CLASS = {
    "news article": SDO.NewsArticle, "opinion": SDO.OpinionNewsArticle, "report": SDO.Report,
    "web page": SDO.WebPage, "government document": SDO.Report, "press release": SDO.Article,
    "testimony": SDO.CreativeWork, "video": SDO.VideoObject, "podcast": SDO.PodcastEpisode,
    "book": SDO.Book, "book chapter": SDO.Chapter, "journal article": SDO.ScholarlyArticle,
    "legal text": SDO.Legislation, "dataset": SDO.Dataset, "blog post": SDO.BlogPosting,
    "event": SDO.Event,
}
_DATE_TYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def sources_to_rdf(report: Report, ids: Ids, graph: Graph,
                   agents: dict[str, URIRef] | None = None) -> None:
    """Add the works the report's notes cite, and the claims → sources links.

    Each note ``cito:cites`` its works; each sentence carrying a marker
    ``cito:citesAsEvidence`` the works of the notes it cites, so a claim reaches its sources
    in one hop. Notes citing the same work (same URL identity, or same title and container)
    share one work node. Authors and publishers are agent nodes; ``agents`` maps a
    normalised name to the IRI of an actor the body also names, so the two are one node.
    """
    from .references import work_key

    add = graph.add
    agents = agents or {}
    actors = set(agents.values())
    report_iri = ids.report(report.stem)
    note_works: dict[int, list[URIRef]] = {}
    fuller = fuller_names([a for note in report.endnotes for w in note.works for a in w.authors])
    for note in report.endnotes:
        note_iri = ids.note(report_iri, note.number)
        iris: list[URIRef] = []
        for work in note.works:  # an Ibid. or short form carries its earlier work's fields
            if not (work.url or work.title):
                continue
            work_iri = ids.work(work_key(work))
            iris.append(work_iri)
            add((note_iri, CITO.cites, work_iri))
            if any(a.name in fuller for a in work.authors):
                work = replace(work, authors=[fuller.get(a.name, a) for a in work.authors])
            _work(graph, ids, work_iri, work, agents, actors)
        note_works[note.number] = iris
    for sentence in report.sentences:
        works = dict.fromkeys(work_iri for number in sentence.note_numbers
                              for work_iri in note_works.get(number, []))
        if works:
            sentence_iri = ids.sentence(report_iri, sentence.index)
            for work_iri in works:  # two notes citing one work: one triple
                add((sentence_iri, CITO.citesAsEvidence, work_iri))


def fuller_names(authors: Iterable[Agent]) -> dict[str, Agent]:
    """Person authors printed with initials, mapped to the one fuller form of the same name
    the same report prints ("E. A. Wayne" → "Earl Anthony Wayne"): same family name, as many
    given names, each the same or its initial. A short form two fuller forms fit is left
    alone."""
    people: dict[str, dict[str, Agent]] = {}
    for author in authors:
        if author.kind == "person" and author.family and author.given:
            people.setdefault(author.family.casefold(), {})[author.name] = author
    mapping: dict[str, Agent] = {}
    for forms in people.values():
        for name, short in forms.items():
            fits = [long for other, long in sorted(forms.items())
                    if other != name and _given_fits(short.given or "", long.given or "")]
            if len(fits) == 1:
                mapping[name] = fits[0]
    return mapping


def _given_fits(short: str, long: str) -> bool:
    """Whether initials ``short`` abbreviate ``long`` and ``long`` is the fuller form."""
    a = re.findall(r"[^\W\d_][\w'’-]*\.?", short)
    b = re.findall(r"[^\W\d_][\w'’-]*\.?", long)
    if not a or len(a) != len(b) or sum(len(w) for w in b) <= sum(len(w) for w in a):
        return False
    for x, y in zip(a, b):
        x, y = x.rstrip("."), y.rstrip(".")
        if x.casefold() != y.casefold() and not (len(x) == 1 and y[:1].casefold() == x.casefold()):
            return False
    return True


def _work(graph: Graph, ids: Ids, work_iri: URIRef, work, agents: dict[str, URIRef],
          actors: set[URIRef] | None = None) -> None:
    from .ids import normalise_name

    if actors is None:  # the IRIs of ``agents``, made once by a caller writing many works
        actors = set(agents.values())

    add = graph.add
    add((work_iri, _TYPE, GB.Work))
    add((work_iri, _TYPE, _WORK_CLASS.get(work.work_type or "", SDO.CreativeWork)))
    if graph.value(work_iri, _LABEL) is None:  # notes sharing a work: the first title
        add((work_iri, _LABEL, Literal(work.title or work.url)))
        if work.title:
            add((work_iri, DCTERMS.title, Literal(work.title)))
    elif work.title and graph.value(work_iri, DCTERMS.title) is None:
        add((work_iri, DCTERMS.title, Literal(work.title)))
    elif work.title and Literal(work.title) != graph.value(work_iri, DCTERMS.title):
        # another note printed the same work (same URL) under another title: keep it
        add((work_iri, DCTERMS.alternative, Literal(work.title)))
    if work.work_type:
        add((work_iri, GB.workType, Literal(work.work_type)))
    if work.date and work.date_precision in _DATE_TYPE:
        add((work_iri, DCTERMS.date, Literal(work.date, datatype=_DATE_TYPE[work.date_precision])))
    if work.url:
        add((work_iri, SDO.url, Literal(work.url, datatype=XSD.anyURI)))
    if work.et_al:
        add((work_iri, GB.etAl, Literal(True)))
    for author in work.authors:
        kind = "Person" if author.kind == "person" else "Organization"
        agent = agents.get(normalise_name(author.name).lower()) or ids.entity(kind, author.name)
        add((work_iri, DCTERMS.creator, agent))
        if agent not in actors:
            add((agent, _TYPE, GB.BibliographicAgent))
            add((agent, _TYPE, SDO.Person if kind == "Person" else SDO.Organization))
            if graph.value(agent, _LABEL) is None:
                add((agent, _LABEL, Literal(author.name)))
            if author.family:
                add((agent, SDO.familyName, Literal(author.family)))
            if author.given:
                add((agent, SDO.givenName, Literal(author.given)))
    if work.identifier:
        add((work_iri, DCTERMS.identifier, Literal(work.identifier)))
    if work.container:
        container = agents.get(normalise_name(work.container).lower()) or ids.container(work.container)
        add((work_iri, SDO.isPartOf, container))
        add((container, _TYPE, GB.Container))
        if graph.value(container, _LABEL) is None:  # one label: the first form printed
            add((container, _LABEL, Literal(work.container)))


#: schema.org class added beside our own, so generic schema.org queries find entities too.
_SCHEMA_CLASS = {
    "Person": SDO.Person, "Country": SDO.Country, "SubnationalRegion": SDO.AdministrativeArea,
    "Region": SDO.Place, "Organization": SDO.Organization,
    "GovernmentAgency": SDO.GovernmentOrganization, "Administration": SDO.GovernmentOrganization,
    "Legislature": SDO.GovernmentOrganization, "InternationalOrganization": SDO.Organization,
    "ThinkTank": SDO.Organization, "NGO": SDO.NGO, "University": SDO.CollegeOrUniversity,
    "Company": SDO.Corporation, "Group": SDO.Organization, "Event": SDO.Event,
    "Summit": SDO.Event,
}
_PREDICATE = {
    "leader_of": GB.leaderOf, "party_to": GB.partyTo, "member_of": GB.memberOf,
    "part_of": GB.partOf, "established": GB.established, "replaced": GB.replaced,
    "concerns": GB.concerns, "cooperates_with": GB.cooperatesWith,
    "tension_with": GB.tensionWith,
}
_HORIZON = {"short term": GB.ShortTerm, "medium term": GB.MediumTerm,
            "long term": GB.LongTerm, "unspecified": GB.Unspecified}
WIKIDATA = "http://www.wikidata.org/entity/"


def entity_class(type_name: str) -> URIRef:
    """Our class for an entity type name; an unknown name is an error, never a new IRI."""
    return GB[type_name]


def entities_to_rdf(report: Report, ids: Ids, graph: Graph) -> dict[str, URIRef]:
    """Add the report's entities, their mentions, issues, relations and recommendations.

    Returns the map from entity key to IRI (issues as ``issue:<id>``), which the sources
    stage uses so that an author the body also names is the same node.
    """
    add = graph.add
    report_iri = ids.report(report.stem)
    iris: dict[str, URIRef] = {}
    for entity in report.entities:
        iri = ids.entity(entity.type, entity.label)
        iris[entity.key] = iri
        add((iri, _TYPE, entity_class(entity.type)))
        if entity.type in _SCHEMA_CLASS:
            add((iri, _TYPE, _SCHEMA_CLASS[entity.type]))
        add((iri, _LABEL, Literal(entity.label)))
        add((iri, SKOS.prefLabel, Literal(entity.label)))
        for alias in entity.aliases:
            if alias != entity.label:
                add((iri, SKOS.altLabel, Literal(alias)))
        if entity.wikidata:
            add((iri, OWL.sameAs, URIRef(WIKIDATA + entity.wikidata)))
        add((iri, GB.mentionCount, _int(len(entity.mentions))))
    mention_index = 0
    for entity in report.entities:
        iri = iris[entity.key]
        sentences: set[int] = set()
        for mention in sorted(entity.mentions, key=lambda m: (m.paragraph_index, m.start)):
            sentence_iri = ids.sentence(report_iri, mention.sentence_index)
            if mention.sentence_index not in sentences:  # several mentions, one triple
                sentences.add(mention.sentence_index)
                add((iri, GB.mentionedIn, sentence_iri))
            node = ids.mention(report_iri, mention_index)
            mention_index += 1
            add((node, _TYPE, GB.Mention))
            add((node, GB.entity, iri))
            add((node, GB.inSentence, sentence_iri))
            add((node, GB.surfaceForm, Literal(mention.text)))
            if mention.spans:
                _add_span(graph, node, Span(mention.spans[0].start, mention.spans[-1].end))
        for role, other in sorted(entity.related.items()):
            if other in iris and role == "leader":
                add((iris[other], GB.leaderOf, iri))
    _issues_to_rdf(report, ids, graph, iris)
    _relations_to_rdf(report, ids, graph, iris)
    _recommendations_to_rdf(report, ids, graph, iris)
    return iris


def _issues_to_rdf(report: Report, ids: Ids, graph: Graph, iris: dict[str, URIRef]) -> None:
    if not report.issue_tags:
        return
    from .issues import broader_closure, load_scheme

    report_iri = ids.report(report.stem)
    section_of = {s.index: sec.index for sec in report.sections for p in sec.paragraphs
                  for s in p.sentences}
    tagged = sorted({tag.concept for tag in report.issue_tags})
    scheme = load_scheme()
    for concept in broader_closure(tagged):
        iri = ISSUE[concept]
        iris[f"issue:{concept}"] = iri
        for predicate in (_TYPE, SKOS.prefLabel, SKOS.altLabel, SKOS.definition,
                          SKOS.broader, SKOS.inScheme, SKOS.topConceptOf):
            for value in scheme.objects(iri, predicate):
                graph.add((iri, predicate, value))
        graph.add((iri, _TYPE, GB.Issue))
        graph.add((iri, _LABEL, scheme.value(iri, SKOS.prefLabel) or Literal(concept)))
    for tag in report.issue_tags:
        sentence_iri = ids.sentence(report_iri, tag.sentence_index)
        graph.add((sentence_iri, GB.discusses, ISSUE[tag.concept]))
        graph.add((ids.section(report_iri, section_of[tag.sentence_index]), GB.discusses,
                   ISSUE[tag.concept]))


def _evidence(graph: Graph, ids: Ids, report_iri: URIRef, node: URIRef, evidence) -> None:
    for item in evidence:
        graph.add((node, GB.evidence, ids.sentence(report_iri, item.sentence_index)))
        for number in item.note_numbers:
            graph.add((node, GB.citesNote, ids.note(report_iri, number)))


#: Predicates declared owl:SymmetricProperty: their plain triples are written both ways (the
#: statement node, with the evidence, once).
_SYMMETRIC = frozenset({GB.cooperatesWith, GB.tensionWith, GB.coMentionedWith})


def confidence_literal(confidence: float) -> Literal:
    """A confidence as an exact ``xsd:decimal`` of three places (``0.85``).

    Made from a :class:`~decimal.Decimal`, not the float: a literal that keeps a float
    value under a decimal datatype is refused by SHACL validation of the graph in memory,
    and the lexical form is the float's shortest form either way, so the Turtle is the same.
    """
    return Literal(Decimal(str(round(confidence, 3))), datatype=XSD.decimal)


def _relations_to_rdf(report: Report, ids: Ids, graph: Graph, iris: dict[str, URIRef]) -> None:
    add = graph.add
    report_iri = ids.report(report.stem)
    for relation in report.relations:
        subject, obj = iris.get(relation.subject), iris.get(relation.object)
        predicate = _PREDICATE.get(relation.predicate)
        if subject is None or obj is None or predicate is None:
            continue
        add((subject, predicate, obj))
        if predicate in _SYMMETRIC:  # both ways, so a query need not try either order
            add((obj, predicate, subject))
        node = ids.statement(report_iri, relation.subject, relation.predicate, relation.object)
        add((node, _TYPE, GB.Statement))
        add((node, GB.subject, subject))
        add((node, GB.predicate, predicate))
        add((node, GB.object, obj))
        add((node, GB.rule, Literal(relation.rule)))
        add((node, GB.confidence, confidence_literal(relation.confidence)))
        _evidence(graph, ids, report_iri, node, relation.evidence)
    for co in report.co_mentions:
        first, second = iris.get(co.first), iris.get(co.second)
        if first is None or second is None:
            continue
        add((first, GB.coMentionedWith, second))
        add((second, GB.coMentionedWith, first))
        node = ids.statement(report_iri, co.first, "co_mentioned_with", co.second)
        add((node, _TYPE, GB.Statement))
        add((node, GB.subject, first))
        add((node, GB.predicate, GB.coMentionedWith))
        add((node, GB.object, second))
        add((node, GB.weight, _int(co.weight)))
        for index in co.sentence_indexes:
            add((node, GB.evidence, ids.sentence(report_iri, index)))


def _recommendations_to_rdf(report: Report, ids: Ids, graph: Graph,
                            iris: dict[str, URIRef]) -> None:
    add = graph.add
    report_iri = ids.report(report.stem)
    for recommendation in report.recommendations:
        node = ids.recommendation(report_iri, recommendation.index)
        add((node, _TYPE, GB.Recommendation))
        add((node, _LABEL, Literal(recommendation.text)))
        add((node, _PART_OF, report_iri))
        add((node, GB.horizon, _HORIZON[recommendation.horizon]))
        for key in recommendation.addressed_to:
            if key in iris:
                add((node, GB.addressedTo, iris[key]))
        for key in recommendation.concerns:
            if key in iris:
                add((node, GB.concerns, iris[key]))
        _evidence(graph, ids, report_iri, node, recommendation.evidence)


def agent_index(report: Report, iris: dict[str, URIRef]) -> dict[str, URIRef]:
    """Normalised names and aliases of the report's actors → their IRIs, for the sources."""
    from .ids import normalise_name

    index: dict[str, URIRef] = {}
    for entity in report.entities:
        for name in [entity.label, *entity.aliases]:
            index.setdefault(normalise_name(name).lower(), iris[entity.key])
    return index


def provenance(graph: Graph, ids: Ids, reports: Iterable[Report], info: BuildInfo) -> URIRef:
    """Record the build as a PROV-O activity (tool, model and inputs; no wall-clock time)."""
    reports = list(reports)
    build = ids.build([r.sha256 for r in reports])
    graph.add((build, _TYPE, GB.Build))
    graph.add((build, _TYPE, PROV.Activity))
    graph.add((build, _LABEL, Literal(f"graphbuild {info.tool_version} build")))
    graph.add((build, GB.toolVersion, Literal(info.tool_version)))
    graph.add((build, GB.modelName, Literal(info.model_name)))
    graph.add((build, GB.modelVersion, Literal(info.model_version)))
    for report in reports:
        # the build used the report (which carries its file name and sha256) and generated
        # the report's graph, derived from it
        report_iri = ids.report(report.stem)
        graph_iri = ids.graph(report_iri)
        graph.add((build, PROV.used, report_iri))
        graph.add((graph_iri, _TYPE, PROV.Entity))
        graph.add((graph_iri, _LABEL, Literal(f"graph of {report.file_name}")))
        graph.add((graph_iri, PROV.wasGeneratedBy, build))
        graph.add((graph_iri, PROV.wasDerivedFrom, report_iri))
    return build


def to_rdf(reports: Iterable[Report], ids: Ids, info: BuildInfo) -> Dataset:
    """Every report of a build as a dataset with one named graph per report.

    The build's provenance goes into each report's graph, so a single report's Turtle file
    is complete on its own.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    for report in reports:
        graph = dataset.graph(ids.graph(ids.report(report.stem)))
        bind_prefixes(graph)
        report_to_rdf(report, ids, graph)
        iris = entities_to_rdf(report, ids, graph)
        sources_to_rdf(report, ids, graph, agent_index(report, iris))
        provenance(graph, ids, [report], info)
    return dataset


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise ``graph`` so that the same triples always give the same bytes.

    Turtle and TriG are written here (:func:`to_turtle`, :func:`to_trig`): subjects,
    predicates and objects sorted, ``rdf:type`` first, our prefixes — so the output does not
    change with rdflib's release or the hash seed, and it is several times faster than
    rdflib's pretty printer. N-Triples and N-Quads are sorted line by line. Other formats go
    to rdflib as they are.
    """
    if fmt in ("turtle", "ttl"):
        return to_turtle(graph)
    if fmt == "trig":
        return to_trig(graph)
    if fmt in ("nt", "ntriples", "nquads", "nq"):
        data = graph.serialize(format=fmt, encoding="utf-8")
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE = re.compile(r'[\\"\n\r\t]')


class _Terms:
    """Renders terms in Turtle, compacting IRIs with the bound prefixes it can use."""

    def __init__(self, graph: Graph) -> None:
        self.namespaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces()
                                  if prefix), key=lambda pair: (-len(pair[0]), pair[1]))
        # One pattern tries the namespaces in that order, each with a valid local name
        # after it, as a loop over them would, without a Python call per namespace.
        self.compact = re.compile("|".join(
            f"({re.escape(namespace)}){_LOCAL_NAME.pattern}" for namespace, _ in self.namespaces))
        self.used: dict[str, str] = {}
        self.cache: dict[URIRef, str] = {}
        self.predicates: dict[URIRef, str] = {}

    def iri(self, iri: URIRef) -> str:
        text = str(iri)
        match = self.compact.fullmatch(text) if self.namespaces else None
        if match is None:
            return f"<{text}>"
        namespace, prefix = self.namespaces[match.lastindex - 1]
        self.used[prefix] = namespace
        return f"{prefix}:{text[len(namespace):]}"

    def __call__(self, term) -> str:
        if type(term) is URIRef:  # most terms; isinstance goes through rdflib's ABCs
            cached = self.cache.get(term)
            if cached is None:
                cached = self.cache[term] = self.iri(term)
            return cached
        if isinstance(term, Literal):
            # literals rarely repeat, and hashing one is slow: render each where it stands
            return self.literal(term)
        if isinstance(term, URIRef):
            return self.iri(term)
        raise ValueError(f"blank nodes are not written: {term!r}")

    def predicate(self, term: URIRef) -> str:
        text = self.predicates.get(term)
        if text is None:
            text = self.predicates[term] = "a" if term == _TYPE else self(term)
        return text

    def literal(self, term: Literal) -> str:
        text = '"' + _ESCAPE.sub(_escape, str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype
        if datatype is not None and datatype != _STRING:
            return f"{text}^^{self(datatype)}"
        return text


def _escape(match: re.Match) -> str:
    return _ESCAPES[match.group()]


def _statements(graph: Graph, terms: _Terms, indent: str = "") -> list[str]:
    # Gather by subject and predicate as they are, then render each subject and predicate
    # once rather than once per triple.
    by_subject: defaultdict[URIRef, defaultdict[URIRef, list]] = defaultdict(
        lambda: defaultdict(list))
    for subject, predicate, obj in graph:
        by_subject[subject][predicate].append(obj)
    rendered = []
    for subject, predicates in by_subject.items():
        lines = []
        for predicate, objects in predicates.items():
            if len(objects) == 1:  # most predicates: nothing to merge or sort
                lines.append((terms.predicate(predicate), [terms(objects[0])]))
            else:
                lines.append((terms.predicate(predicate), sorted({terms(o) for o in objects})))
        lines.sort(key=_type_first)
        rendered.append((terms(subject), lines))
    rendered.sort(key=_subject)
    blocks = []
    separator = f",\n{indent}        "
    for subject, lines in rendered:
        body = " ;\n".join(f"{indent}    {predicate} {separator.join(objects)}"
                            for predicate, objects in lines)
        blocks.append(f"{indent}{subject}\n{body} .\n")
    return blocks


def _type_first(line: tuple[str, list[str]]) -> tuple[bool, str]:
    return line[0] != "a", line[0]  # rdf:type first, then the predicates in order


def _subject(block: tuple[str, list]) -> str:
    return block[0]


def _prefix_lines(terms: _Terms) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(terms.used.items()))


def to_turtle(graph: Graph) -> bytes:
    """Deterministic Turtle of a graph with no blank nodes."""
    terms = _Terms(graph)
    body = "\n".join(_statements(graph, terms))
    return (_prefix_lines(terms) + "\n" + body).encode("utf-8")


def to_trig(dataset: Dataset) -> bytes:
    """Deterministic TriG: one named graph block per non-empty graph, sorted by name."""
    terms = _Terms(dataset)
    blocks = []
    graphs = sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))
    for graph in graphs:
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            blocks.append("\n".join(_statements(graph, terms)))
        else:
            inner = "\n".join(_statements(graph, terms, indent="    "))
            blocks.append(f"{terms(graph.identifier)} {{\n{inner}}}\n")
    return (_prefix_lines(terms) + "\n" + "\n".join(blocks)).encode("utf-8")
