#!/usr/bin/env python3
"""Checks a FHIR Bundle of RiskOfBias ArtifactAssessments (`appraise run
--format fhir`) against what the reference says the profile requires, as an
oracle independent of the writer: every rule below is restated from
../shared/reference/instruments-2.md section 8 (HL7/ebm@246f7bb), from the
FHIR R5 base resources (cardinalities of Bundle, ArtifactAssessment, Citation,
Evidence), or from appraise's documented conventions (docs/reports.md, "FHIR"),
each marked so. It never reads appraise's code.

  fhir_check.py BUNDLE.json       exit 0 when it conforms, 1 with each problem on stderr
  fhir_check.py --self-test BUNDLE.json
                                  BUNDLE must conform, and each of a list of broken
                                  copies of it must be rejected (the checker can fail)
"""
import copy
import json
import re
import sys
import uuid

# --- the reference (instruments-2.md section 8) ---------------------------------------------
PROFILE = "http://hl7.org/fhir/uv/ebm/StructureDefinition/risk-of-bias"
SEVCO = "https://fevir.net/sevco"
CERTAINTY_TYPE = "http://terminology.hl7.org/CodeSystem/certainty-type"
CONTENT_TYPE = "https://fevir.net/resources/CodeSystem/179423"
RATING_SYSTEM = "http://hl7.org/fhir/uv/ebm/CodeSystem/evidence-rating-system-classifier-codesystem"
# R5's Evidence.variableDefinition.variableRole (the R5 base resource, not the reference).
VARIABLE_ROLE = "http://terminology.hl7.org/CodeSystem/variable-role"
# artifactReference "takes only Reference(Evidence | Composition | ResearchStudy |
# PublicationRecord)"; PublicationRecord is R6's name for R5's Citation, which the
# guide's R5 builds list instead.
ARTIFACT_TYPES = {"Evidence", "Composition", "ResearchStudy", "PublicationRecord", "Citation"}
# The table of SEVCO codes seen in the examples.
SEVCO_LEVELS = {"00186", "00187", "00188", "00190", "00192"}
SEVCO_PRESENCE = {"00194", "00195", "00196"}
SEVCO_INFLUENCE = {"00207", "00208", "00209"}
SEVCO_DIRECTION = {"00201", "00205"}
SEVCO_BIAS_TYPES = {"00032", "00031", "00278", "00037", "00041", "00386", "00059", "00048", "00023"}
SEVCO_CLASSIFIERS = SEVCO_LEVELS | SEVCO_PRESENCE | SEVCO_INFLUENCE | SEVCO_DIRECTION
# The slices: ratingSystem (179423#rating-system), riskOfBias (certainty-type#RiskOfBias);
# the parent profile's overall (certainty-type#Overall).
CERTAINTY_TYPE_CODES = {"RiskOfBias", "Overall"}
CONTENT_TYPE_CODES = {"rating-system"}
# The rating-system codes of the code system the reference cites
# (cs-evidence-rating-system-classsifier.fsh at the same commit).
RATING_SYSTEM_CODES = {"GRADE", "OCEBM2011", "AMSTAR2", "AGREEII", "CochraneRoB", "CochraneRoB2", "ROBIS",
                       "QUADAS2", "ROBINSI", "NewcastleOttawa", "CASP", "SIGN", "AWMF"}
CODE_SYSTEMS = {SEVCO, CERTAINTY_TYPE, CONTENT_TYPE, RATING_SYSTEM, VARIABLE_ROLE}

# --- FHIR R5 base ----------------------------------------------------------------------------
BUNDLE_TYPES = {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                "history", "searchset", "collection", "subscription-notification"}
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Checker:
    def __init__(self, bundle):
        self.bundle = bundle
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    def run(self):
        b = self.bundle
        if not isinstance(b, dict) or b.get("resourceType") != "Bundle":
            self.fail("Bundle", "resourceType is not Bundle")
            return self.problems
        self.json_rules(b, "Bundle")
        if b.get("type") not in BUNDLE_TYPES:  # Bundle.type 1..1
            self.fail("Bundle.type", f"1..1, one of the bundle types; got {b.get('type')!r}")
        if "timestamp" in b and not INSTANT.match(str(b["timestamp"])):
            self.fail("Bundle.timestamp", "not an instant")
        entries = b.get("entry", [])
        urls = {}
        for i, entry in enumerate(entries):
            where = f"entry[{i}]"
            url = entry.get("fullUrl")
            resource = entry.get("resource")
            if not isinstance(resource, dict) or "resourceType" not in resource:
                self.fail(where, "no resource with a resourceType")
                continue
            # bdl-7: fullUrl unique within a Bundle. appraise: every entry has one, a urn:uuid (version 5).
            if not isinstance(url, str) or not UUID_URN.match(url):
                self.fail(where, f"fullUrl is not a urn:uuid: {url!r}")
            elif url in urls:
                self.fail(where, f"fullUrl {url} repeats entry[{urls[url]}]")
            else:
                urls[url] = i
        by_url = {e.get("fullUrl"): e.get("resource") for e in entries if isinstance(e.get("resource"), dict)}
        for i, entry in enumerate(entries):
            resource = entry.get("resource")
            if not isinstance(resource, dict):
                continue
            where = f"entry[{i}] {resource.get('resourceType')}"
            self.references_resolve(resource, by_url, where)
            kind = resource.get("resourceType")
            if kind == "ArtifactAssessment":
                self.artifact_assessment(resource, by_url, where)
            elif kind == "Citation":
                self.citation(resource, entry.get("fullUrl"), where)
            elif kind == "Evidence":
                self.evidence(resource, where)
            else:
                self.fail(where, "appraise writes only ArtifactAssessment, Citation and Evidence")
        return self.problems

    # FHIR JSON: no nulls, no empty strings, arrays or objects.
    def json_rules(self, value, where):
        if value is None:
            self.fail(where, "null")
        elif isinstance(value, str) and value.strip() == "":
            self.fail(where, "empty string")
        elif isinstance(value, list):
            if not value:
                self.fail(where, "empty array")
            for i, item in enumerate(value):
                self.json_rules(item, f"{where}[{i}]")
        elif isinstance(value, dict):
            if not value:
                self.fail(where, "empty object")
            for key, item in value.items():
                self.json_rules(item, f"{where}.{key}")

    # Every Reference.reference in the Bundle names an entry's fullUrl.
    def references_resolve(self, value, by_url, where):
        if isinstance(value, dict):
            ref = value.get("reference")
            if isinstance(ref, str) and ref not in by_url:
                self.fail(where, f"reference {ref} resolves to no entry")
            for key, item in value.items():
                self.references_resolve(item, by_url, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.references_resolve(item, by_url, f"{where}[{i}]")

    def codeable(self, concept, where):
        """A CodeableConcept: coding and/or text; each coding has a known system and code."""
        if not isinstance(concept, dict) or not (concept.get("coding") or concept.get("text")):
            self.fail(where, "a CodeableConcept with neither coding nor text")
            return []
        codes = []
        for c in concept.get("coding", []):
            system, code = c.get("system"), c.get("code")
            if system not in CODE_SYSTEMS:
                self.fail(where, f"code system {system!r} is not one the reference names")
            if not code:
                self.fail(where, "a coding without a code")
            if system == SEVCO and not re.match(r"^SEVCO:\d{5}$", str(code)):
                self.fail(where, f"SEVCO code {code!r} is not SEVCO:NNNNN")
            codes.append((system, code))
        return codes

    def artifact_assessment(self, r, by_url, where):
        # meta.profile claims RiskOfBias.
        if PROFILE not in r.get("meta", {}).get("profile", []):
            self.fail(where, "meta.profile does not claim RiskOfBias")
        # artifact[x] 1..1: exactly one of its three forms.
        forms = [k for k in ("artifactReference", "artifactCanonical", "artifactUri") if k in r]
        if len(forms) != 1:
            self.fail(where, f"artifact[x] is 1..1; got {forms}")
        ref = r.get("artifactReference")
        if ref is not None:
            target = by_url.get(ref.get("reference"))
            if target is None:
                self.fail(where, "artifactReference resolves to no entry")
            elif target.get("resourceType") not in ARTIFACT_TYPES:
                self.fail(where, f"artifactReference to a {target.get('resourceType')}")
            elif "type" in ref and ref["type"] != target.get("resourceType"):
                self.fail(where, f"artifactReference.type {ref['type']} names a {target.get('resourceType')}")
        content = r.get("content", [])
        rating, risk, overall = [], [], []
        for i, c in enumerate(content):
            cw = f"{where}.content[{i}]"
            codes = self.codeable(c["type"], cw + ".type") if "type" in c else []
            if (CONTENT_TYPE, "rating-system") in codes:
                rating.append(c)
            if (CERTAINTY_TYPE, "RiskOfBias") in codes:
                risk.append(c)
            if (CERTAINTY_TYPE, "Overall") in codes:
                overall.append(c)
            for system, code in codes:
                if system == CERTAINTY_TYPE and code not in CERTAINTY_TYPE_CODES:
                    self.fail(cw, f"certainty-type code {code}")
                if system == CONTENT_TYPE and code not in CONTENT_TYPE_CODES:
                    self.fail(cw, f"179423 code {code}")
            for j, cl in enumerate(c.get("classifier", [])):
                for system, code in self.codeable(cl, f"{cw}.classifier[{j}]"):
                    if system == RATING_SYSTEM and code not in RATING_SYSTEM_CODES:
                        self.fail(cw, f"rating system code {code} is not in the code system")
                    if system == SEVCO and code[6:] not in SEVCO_CLASSIFIERS:
                        self.fail(cw, f"{code} is not a SEVCO level, presence, influence or direction")
            self.components(c.get("component", []), cw)
        # Slices ratingSystem 0..1, overall 0..1, riskOfBias 0..1; appraise writes one of each but overall.
        if len(rating) != 1:
            self.fail(where, f"ratingSystem slice 0..1 (appraise: exactly one); got {len(rating)}")
        if len(risk) != 1:
            self.fail(where, f"riskOfBias slice 0..1 (appraise: exactly one); got {len(risk)}")
        if len(overall) > 1:
            self.fail(where, "overall slice is 0..1")
        for c in rating:
            if not c.get("classifier"):
                self.fail(where, "the rating system names no system, in code or words")
        for c in risk:
            self.judgement(c, where + " riskOfBias")

    def components(self, components, where):
        for i, comp in enumerate(components):
            cw = f"{where}.component[{i}]"
            if "type" in comp:
                for system, code in self.codeable(comp["type"], cw + ".type"):
                    if system == SEVCO and code[6:] not in SEVCO_BIAS_TYPES:
                        self.fail(cw, f"{code} as a domain's type is not one of the bias types")
            for j, cl in enumerate(comp.get("classifier", [])):
                for system, code in self.codeable(cl, f"{cw}.classifier[{j}]"):
                    if system == SEVCO and code[6:] not in SEVCO_CLASSIFIERS:
                        self.fail(cw, f"{code} is not a SEVCO level, presence, influence or direction")
            self.judgement(comp, cw)
            self.components(comp.get("component", []), cw)

    def judgement(self, element, where):
        classifiers = element.get("classifier", [])
        for cl in classifiers:
            # "No 'Some concerns' code exists: use classifier.text" (mapping it to 00187 is unverified).
            if cl.get("text") == "Some concerns" and cl.get("coding"):
                self.fail(where, "Some concerns carries a code; the guide has none")
        # appraise: a domain, overall or answer not assessed has no classifier, and says so in its summary.
        summary = element.get("summary", "")
        if summary.startswith("Not assessed") and classifiers:
            self.fail(where, "not assessed, yet it has a classifier")
        for cl in classifiers:
            if re.match(r"(?i)^not[ -]assessed", cl.get("text", "")):
                self.fail(where, "'not assessed' written as a classifier")

    def citation(self, r, url, where):
        if r.get("status") not in PUBLICATION_STATUS:  # Citation.status 1..1
            self.fail(where, f"status 1..1, a publication status; got {r.get('status')!r}")
        ids = [i.get("value") for i in r.get("identifier", [])]
        if not ids:
            self.fail(where, "appraise: the study id as identifier")
        # appraise: a Citation's fullUrl is uuid5(URL namespace, "urn:appraise:study:" + id).
        elif url != "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:appraise:study:" + ids[0])) and \
                not any(url == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:appraise:study:{ids[0]}#{n}"))
                        for n in range(2, 100)):
            self.fail(where, f"fullUrl is not the name-based UUID of study {ids[0]}")
        cited = r.get("citedArtifact", {})
        for t in cited.get("title", []):
            if not t.get("text"):  # citedArtifact.title.text 1..1
                self.fail(where, "citedArtifact.title without text")
        for e in cited.get("contributorship", {}).get("entry", []):
            if "contributor" not in e:  # contributorship.entry.contributor 1..1
                self.fail(where, "contributorship.entry without contributor")
        for i in cited.get("identifier", []):
            if i.get("system") == "https://doi.org" and not str(i.get("value", "")).startswith("10."):
                self.fail(where, f"a DOI that does not start 10.: {i.get('value')!r}")

    def evidence(self, r, where):
        if r.get("status") not in PUBLICATION_STATUS:  # Evidence.status 1..1
            self.fail(where, f"status 1..1, a publication status; got {r.get('status')!r}")
        variables = r.get("variableDefinition", [])
        if not variables:  # Evidence.variableDefinition 1..*
            self.fail(where, "variableDefinition is 1..*")
        for v in variables:
            if "variableRole" not in v:  # variableDefinition.variableRole 1..1
                self.fail(where, "variableDefinition.variableRole is 1..1")
            else:
                self.codeable(v["variableRole"], where + ".variableRole")


def check(bundle):
    return Checker(bundle).run()


# Broken copies of a conforming Bundle, each of which the checker must reject.
def mutations(bundle):
    def first(kind):
        return next(i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == kind)

    def assessment_with(predicate):
        for i, e in enumerate(bundle["entry"]):
            if e["resource"]["resourceType"] == "ArtifactAssessment" and predicate(e["resource"]):
                return i
        raise SystemExit("self-test: the Bundle has no assessment the mutation needs")

    def risk(r):
        return next(c for c in r["content"] if c["type"].get("coding", [{}])[0].get("code") == "RiskOfBias")

    def some_concerns_domain(r):
        return next((d for d in risk(r).get("component", [])
                     for cl in d.get("classifier", []) if cl.get("text") == "Some concerns"), None)

    def not_assessed_domain(r):
        return next((d for d in risk(r).get("component", []) if d.get("summary", "").startswith("Not assessed")),
                    None)

    def m(name, change):
        b = copy.deepcopy(bundle)
        change(b)
        return name, b

    a = first("ArtifactAssessment")
    sc = assessment_with(lambda r: some_concerns_domain(r) is not None)
    na = assessment_with(lambda r: not_assessed_domain(r) is not None)
    return [
        m("not a Bundle", lambda b: b.update(resourceType="Parameters")),
        m("no Bundle.type", lambda b: b.pop("type")),
        m("a repeated fullUrl", lambda b: b["entry"][1].update(fullUrl=b["entry"][0]["fullUrl"])),
        m("a fullUrl that is no urn:uuid", lambda b: b["entry"][0].update(fullUrl="Citation/1")),
        m("a dangling reference",
          lambda b: b["entry"][a]["resource"]["artifactReference"].update(reference="urn:uuid:" + str(uuid.uuid4()))),
        m("no profile", lambda b: b["entry"][a]["resource"].pop("meta")),
        m("no artifact", lambda b: b["entry"][a]["resource"].pop("artifactReference")),
        m("two artifacts", lambda b: b["entry"][a]["resource"].update(artifactUri="https://example.org/x")),
        m("an artifact of a type the profile excludes",
          lambda b: b["entry"][first("Citation")]["resource"].update(resourceType="Patient")),
        m("an unknown code system",
          lambda b: risk(b["entry"][a]["resource"])["type"]["coding"][0].update(system="http://example.org/cs")),
        m("a SEVCO level as a domain type",
          lambda b: risk(b["entry"][sc]["resource"])["component"][0]["type"].update(
              coding=[{"system": SEVCO, "code": "SEVCO:00186"}])),
        m("a bias type as a judgement",
          lambda b: some_concerns_domain(b["entry"][sc]["resource"])["classifier"][0].update(
              coding=[{"system": SEVCO, "code": "SEVCO:00032"}], text="Low")),
        m("Some concerns coded as moderate",
          lambda b: some_concerns_domain(b["entry"][sc]["resource"])["classifier"][0].update(
              coding=[{"system": SEVCO, "code": "SEVCO:00187"}])),
        m("a not-assessed domain given a judgement",
          lambda b: not_assessed_domain(b["entry"][na]["resource"]).update(
              classifier=[{"coding": [{"system": SEVCO, "code": "SEVCO:00192"}]}])),
        m("an unknown rating system",
          lambda b: b["entry"][a]["resource"]["content"][0]["classifier"][0].update(
              coding=[{"system": RATING_SYSTEM, "code": "RoB3"}])),
        m("an empty string", lambda b: b["entry"][a]["resource"].update(title="")),
        m("an empty array", lambda b: b["entry"][a]["resource"]["content"][1].update(component=[])),
        m("a Citation without status", lambda b: b["entry"][first("Citation")]["resource"].pop("status")),
        m("an Evidence without variableDefinition",
          lambda b: b["entry"][first("Evidence")]["resource"].pop("variableDefinition")),
        m("a Citation whose fullUrl is not its study's", lambda b: (
            b["entry"][first("Citation")]["resource"]["identifier"][0].update(value="another-study"))),
    ]


def main(argv):
    self_test = argv[1:2] == ["--self-test"]
    path = argv[2] if self_test else argv[1]
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    problems = check(bundle)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    if not self_test:
        kinds = {}
        for e in bundle.get("entry", []):
            kinds[e["resource"]["resourceType"]] = kinds.get(e["resource"]["resourceType"], 0) + 1
        print("conforms: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
        return 0
    missed = [name for name, broken in mutations(bundle) if not check(broken)]
    for name in missed:
        print(f"self-test: not rejected: {name}", file=sys.stderr)
    print(f"self-test: {len(mutations(bundle)) - len(missed)} of {len(mutations(bundle))} broken Bundles rejected")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
