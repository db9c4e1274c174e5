"""Tests of graphbuild.validate and the shipped ontology and shapes."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph, Literal, URIRef

from test_project import foundation_graph, small_graph  # noqa: F401  (module fixture)


def _ontology() -> Graph:
    data = resources.files("graphbuild").joinpath("data", "ontology.ttl").read_bytes()
    return Graph().parse(data=data, format="turtle")


def test_every_vocabulary_term_has_label_and_comment_and_vice_versa():
    from graphbuild.vocab import GB, GB_NAMESPACE, RDFS

    ontology = _ontology()
    terms = {URIRef(GB_NAMESPACE + name) for name in GB.__annotations__}
    described = {s for s in ontology.subjects() if str(s).startswith(GB_NAMESPACE)}
    assert described == terms
    for term in sorted(terms):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_ontology_aligns_to_standard_vocabularies():
    from graphbuild.vocab import DCTERMS, GB, PROV, RDFS, SDO, SKOS

    ontology = _ontology()
    for term, parent in [(GB.Person, SDO.Person), (GB.Country, SDO.Country),
                         (GB.GovernmentAgency, SDO.GovernmentOrganization),
                         (GB.Issue, SKOS.Concept), (GB.Build, PROV.Activity),
                         (GB.Work, SDO.CreativeWork)]:
        assert (term, RDFS.subClassOf, parent) in ontology
    for term, parent in [(GB.evidence, PROV.wasDerivedFrom), (GB.sha256, SDO.sha256),
                         (GB.discusses, DCTERMS.subject), (GB.toolVersion, SDO.softwareVersion)]:
        assert (term, RDFS.subPropertyOf, parent) in ontology


def test_bundled_foundation_graph_conforms(foundation_graph):  # noqa: F811
    from graphbuild.validate import validate

    result = validate(foundation_graph)
    assert result.conforms, result.text
    assert result.text.startswith("The graph conforms")


def test_small_entity_graph_is_checked_by_forward_looking_shapes():
    from graphbuild.validate import validate

    result = validate(small_graph())
    # the hand-written sentences have no paragraph, report or spans: reported, by node
    assert not result.conforms
    assert "must be part of exactly one gb:Paragraph" in result.text
    assert not any("entity/peru" in p.focus for p in result.problems)


def test_broken_graph_names_each_problem(foundation_graph):  # noqa: F811
    from graphbuild.validate import validate
    from graphbuild.vocab import GB, NIF, RDF, XSD

    graph = Graph()
    for triple in foundation_graph:
        graph.add(triple)
    span = next(iter(sorted(graph.subjects(RDF.type, GB.TextSpan))))
    graph.set((span, NIF.endIndex, graph.value(span, NIF.beginIndex)))
    note = next(iter(sorted(graph.subjects(RDF.type, GB.Endnote))))
    graph.add((note, GB.noteNumber, Literal(999, datatype=XSD.nonNegativeInteger)))
    sentence = next(iter(sorted(graph.subjects(RDF.type, GB.Sentence))))
    graph.remove((sentence, NIF.anchorOf, None))

    result = validate(graph)
    assert not result.conforms
    lines = result.text.splitlines()
    assert any(span.split("/")[-1] in line and "nif:beginIndex" in line
               and "smaller than its nif:endIndex" in line for line in lines), result.text
    assert any("note/" in line and "gb:noteNumber" in line and "exactly one" in line
               for line in lines), result.text
    assert any("sentence/" in line and "nif:anchorOf" in line and "text" in line
               for line in lines), result.text
    assert len([p for p in result.problems if p.severity == "Violation"]) == 3


def test_dates_must_be_typed_by_precision():
    from graphbuild.validate import validate
    from graphbuild.vocab import DCTERMS, GB, RDF, RDFS

    graph = Graph()
    work = URIRef("https://example.org/id/work/w")
    graph.add((work, RDF.type, GB.Work))
    graph.add((work, RDFS.label, Literal("A work")))
    graph.add((work, DCTERMS.date, Literal("12 May 2020")))
    result = validate(graph)
    assert not result.conforms and "dcterms:date" in result.text


def test_bundled_build_conforms(bundled_build):
    from graphbuild.validate import validate

    result = validate(bundled_build.dataset)
    assert result.conforms, result.text


def test_entity_shape_lists_the_projected_entity_classes():
    from graphbuild.project import ENTITY_CLASSES
    from graphbuild.validate import load_shapes

    shapes = load_shapes()
    sh = "http://www.w3.org/ns/shacl#"
    listed = set()
    for values in shapes.objects(None, URIRef(sh + "in")):
        members = set(shapes.items(values))
        if URIRef("https://w3id.org/graphbuild/ontology#Person") in members:
            listed = members
    assert listed == set(ENTITY_CLASSES)


def _entity_graph() -> Graph:
    from graphbuild.vocab import GB, RDF, RDFS, SKOS, XSD

    graph = Graph()
    entity = URIRef("https://example.org/id/entity/peru")
    graph.add((entity, RDF.type, GB.Country))
    graph.add((entity, RDFS.label, Literal("Peru")))
    graph.add((entity, SKOS.prefLabel, Literal("Peru")))
    graph.add((entity, GB.mentionCount, Literal(2, datatype=XSD.nonNegativeInteger)))
    return graph


def test_entity_needs_a_graphbuild_type():
    from graphbuild.validate import validate
    from graphbuild.vocab import GB, RDF

    graph = _entity_graph()
    assert validate(graph).conforms
    graph.remove((None, RDF.type, GB.Country))
    result = validate(graph)
    assert not result.conforms and "an entity needs a type" in result.text


def test_author_needs_one_label_and_one_family_name():
    from graphbuild.validate import validate
    from graphbuild.vocab import GB, RDF, SDO

    graph = Graph()
    author = URIRef("https://example.org/id/entity/person/someone")
    graph.add((author, RDF.type, GB.BibliographicAgent))
    graph.add((author, SDO.familyName, Literal("One")))
    graph.add((author, SDO.familyName, Literal("Two")))
    result = validate(graph)
    assert not result.conforms
    assert "non-empty rdfs:label" in result.text and "at most one schema:familyName" in result.text


def test_statement_without_its_plain_triple_is_reported():
    from graphbuild.validate import validate
    from graphbuild.vocab import GB, RDF

    graph = _entity_graph()
    accord = URIRef("https://example.org/id/entity/accord")
    sentence = URIRef("https://example.org/id/report/tiny/sentence/0")
    statement = URIRef("https://example.org/id/report/tiny/statement/a")
    for predicate, obj in ((RDF.type, GB.Statement), (GB.subject, URIRef(
            "https://example.org/id/entity/peru")), (GB.predicate, GB.partyTo),
            (GB.object, accord), (GB.evidence, sentence)):
        graph.add((statement, predicate, obj))
    result = validate(graph)
    assert "the plain triple this statement reifies is missing" in result.text
    graph.add((URIRef("https://example.org/id/entity/peru"), GB.partyTo, accord))
    assert "reifies is missing" not in validate(graph).text


def test_decimal_made_from_a_float_is_a_decimal():
    from graphbuild.validate import validate
    from graphbuild.vocab import GB, RDF, XSD

    graph = _entity_graph()
    statement = URIRef("https://example.org/id/report/tiny/statement/a")
    graph.add((statement, RDF.type, GB.Statement))
    # as graphbuild.rdf writes a confidence: rdflib keeps the float it was made from
    graph.add((statement, GB.confidence, Literal(round(0.8, 3), datatype=XSD.decimal)))
    assert not any("gb:confidence" in p.message for p in validate(graph).problems)
    graph.set((statement, GB.confidence, Literal("1.5", datatype=XSD.decimal)))
    assert any("gb:confidence" in p.message for p in validate(graph).problems)
