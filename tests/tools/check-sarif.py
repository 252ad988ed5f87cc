#!/usr/bin/env python3
"""check-sarif.py - structural checks of a SARIF 2.1.0 log for GitHub code scanning.

Usage: check-sarif.py FILE.sarif

Prints nothing and exits 0 when the log passes; otherwise prints one
"check-sarif: PATH: problem" line per problem (at most 50) and exits 1.

The official JSON schema (OASIS sarif-schema-2.1.0.json) is not available
offline, so this is not a schema validation. It checks what the schema
requires of the objects customs writes (required properties, types, enum
values, no properties the schema does not define on those objects) and
the rules GitHub's SARIF upload enforces or documents ("SARIF support for
code scanning"): a tool.driver.name, rules with ids and descriptions,
every result naming a rule consistently by ruleId and ruleIndex, a level
GitHub knows, a message text, at least one location whose artifact URI is
a relative reference (no scheme, no leading '/'), startLine >= 1,
security-severity a number from 0 to 10 in a string, at most 20 tags per
rule, and the upload limits (20 runs, 25,000 rules and results per run,
1,000 locations per result).
"""
import json
import re
import sys

LEVELS = {"none", "note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}
SUPPRESSION_KINDS = {"inSource", "external"}
SUPPRESSION_STATUS = {"accepted", "underReview", "rejected"}

# Properties the SARIF 2.1.0 schema defines for the objects customs uses
# (the schema sets additionalProperties false on them).
ALLOWED = {
    "sarifLog": {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
    "run": {"tool", "invocations", "conversion", "language", "versionControlProvenance",
            "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
            "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
            "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
            "externalPropertyFileReferences", "threadFlowLocations", "taxonomies",
            "addresses", "translations", "policies", "webRequests", "webResponses",
            "specialLocations", "properties"},
    "tool": {"driver", "extensions", "properties"},
    "toolComponent": {"guid", "name", "organization", "product", "productSuite",
                      "shortDescription", "fullDescription", "fullName", "version",
                      "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc",
                      "downloadUri", "informationUri", "globalMessageStrings",
                      "notifications", "rules", "taxa", "locations", "language", "contents",
                      "isComprehensive", "localizedDataSemanticVersion",
                      "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
                      "translationMetadata", "supportedTaxonomies", "properties"},
    "reportingDescriptor": {"id", "deprecatedIds", "guid", "deprecatedGuids", "name",
                            "deprecatedNames", "shortDescription", "fullDescription",
                            "messageStrings", "defaultConfiguration", "helpUri", "help",
                            "relationships", "properties"},
    "reportingConfiguration": {"enabled", "level", "rank", "parameters", "properties"},
    "multiformatMessageString": {"text", "markdown", "properties"},
    "message": {"text", "markdown", "id", "arguments", "properties"},
    "result": {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget",
               "locations", "guid", "correlationGuid", "occurrenceCount",
               "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs",
               "graphTraversals", "relatedLocations", "suppressions", "baselineState",
               "rank", "attachments", "hostedViewerUri", "workItemUris", "provenance",
               "fixes", "taxa", "webRequest", "webResponse", "properties"},
    "location": {"id", "physicalLocation", "logicalLocations", "message", "annotations",
                 "relationships", "properties"},
    "physicalLocation": {"address", "artifactLocation", "region", "contextRegion",
                         "properties"},
    "artifactLocation": {"uri", "uriBaseId", "index", "description", "properties"},
    "region": {"startLine", "startColumn", "endLine", "endColumn", "charOffset",
               "charLength", "byteOffset", "byteLength", "snippet", "message",
               "sourceLanguage", "properties"},
    "logicalLocation": {"name", "index", "fullyQualifiedName", "decoratedName",
                        "parentIndex", "kind", "properties"},
    "suppression": {"guid", "kind", "status", "justification", "location", "properties"},
}

# RFC 3986 URI-reference characters (unreserved, reserved, '%' of an escape)
URI_CHARS = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

problems = []


def problem(path, text):
    problems.append(f"{path}: {text}")


def obj(v, path, kind, required=()):
    """v must be an object of the schema type kind with the required keys."""
    if not isinstance(v, dict):
        problem(path, f"{kind} is not an object")
        return False
    for k in required:
        if k not in v:
            problem(path, f"{kind} lacks required '{k}'")
    for k in v:
        if k not in ALLOWED[kind]:
            problem(path, f"'{k}' is not a property of {kind}")
    if "properties" in v:
        property_bag(v["properties"], f"{path}.properties")
    return True


def property_bag(v, path):
    if not isinstance(v, dict):
        problem(path, "property bag is not an object")
        return
    tags = v.get("tags")
    if tags is not None:
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problem(path, "tags is not an array of strings")
        elif len(set(tags)) != len(tags):
            problem(path, "tags are not unique")


def text_of(v, path, kind="multiformatMessageString", nonempty=True):
    if not obj(v, path, kind, ("text",)):
        return
    t = v.get("text")
    if not isinstance(t, str) or (nonempty and not t.strip()):
        problem(path, "text is not a non-empty string")
    if "markdown" in v and not isinstance(v["markdown"], str):
        problem(path, "markdown is not a string")


def absolute_uri(v, path):
    if not isinstance(v, str) or not SCHEME.match(v) or not URI_CHARS.match(v):
        problem(path, f"not an absolute URI: {v!r}")


def check_rule(rule, path):
    if not obj(rule, path, "reportingDescriptor", ("id",)):
        return
    if not isinstance(rule.get("id"), str) or not rule.get("id"):
        problem(path, "id is not a non-empty string")
    if "name" in rule and not isinstance(rule["name"], str):
        problem(path, "name is not a string")
    # GitHub shows these at the top of an alert.
    for k in ("shortDescription", "fullDescription", "help"):
        if k not in rule:
            problem(path, f"lacks {k} (GitHub shows it)")
        else:
            text_of(rule[k], f"{path}.{k}")
    if len(rule.get("shortDescription", {}).get("text", "")) > 1024:
        problem(path, "shortDescription longer than 1024 characters")
    if "helpUri" in rule:
        absolute_uri(rule["helpUri"], f"{path}.helpUri")
    conf = rule.get("defaultConfiguration")
    if conf is not None and obj(conf, f"{path}.defaultConfiguration", "reportingConfiguration"):
        if conf.get("level", "warning") not in LEVELS:
            problem(path, f"defaultConfiguration.level {conf.get('level')!r}")
    props = rule.get("properties", {})
    if len(props.get("tags", [])) > 20:
        problem(path, "more than 20 tags")
    if "precision" in props and props["precision"] not in PRECISIONS:
        problem(path, f"precision {props['precision']!r}")
    if "security-severity" in props:
        s = props["security-severity"]
        try:
            ok = isinstance(s, str) and 0.0 <= float(s) <= 10.0
        except ValueError:
            ok = False
        if not ok:
            problem(path, f"security-severity {s!r} is not a number 0-10 in a string")


def check_uri(uri, path):
    if not isinstance(uri, str) or not uri:
        problem(path, "uri is not a non-empty string")
        return
    if SCHEME.match(uri) and not uri.startswith("file:"):
        problem(path, f"uri {uri!r} is not a relative reference")
    if uri.startswith("/") or uri.startswith("file:"):
        problem(path, f"uri {uri!r} is absolute: GitHub wants paths relative to the repository")
    if not URI_CHARS.match(uri):
        problem(path, f"uri {uri!r} has characters a URI cannot")


def check_location(loc, path):
    if not obj(loc, path, "location"):
        return
    phys = loc.get("physicalLocation")
    if not obj(phys, f"{path}.physicalLocation", "physicalLocation", ("artifactLocation",)):
        return
    art = phys.get("artifactLocation")
    if obj(art, f"{path}.physicalLocation.artifactLocation", "artifactLocation", ("uri",)):
        check_uri(art.get("uri"), f"{path}.physicalLocation.artifactLocation.uri")
    region = phys.get("region")
    if obj(region, f"{path}.physicalLocation.region", "region", ("startLine",)):
        line = region.get("startLine")
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            problem(path, f"region.startLine {line!r} is not an integer >= 1")
    for i, ll in enumerate(loc.get("logicalLocations", [])):
        if obj(ll, f"{path}.logicalLocations[{i}]", "logicalLocation"):
            if not isinstance(ll.get("name", ""), str):
                problem(path, "logical location name is not a string")


def check_result(res, path, rules):
    if not obj(res, path, "result", ("message",)):
        return
    rid, idx = res.get("ruleId"), res.get("ruleIndex")
    if not isinstance(rid, str):
        problem(path, "ruleId is not a string (GitHub requires it)")
    if not isinstance(idx, int) or isinstance(idx, bool) or not 0 <= idx < len(rules):
        problem(path, f"ruleIndex {idx!r} is not an index into the rules")
    elif rules[idx].get("id") != rid:
        problem(path, f"ruleIndex {idx} names rule {rules[idx].get('id')!r}, not {rid!r}")
    if res.get("level", "warning") not in LEVELS:
        problem(path, f"level {res.get('level')!r}")
    text_of(res.get("message"), f"{path}.message", "message")
    locs = res.get("locations")
    if not isinstance(locs, list) or not locs:
        problem(path, "no locations: GitHub rejects results without one")
    elif len(locs) > 1000:
        problem(path, "more than 1000 locations")
    else:
        for i, loc in enumerate(locs):
            check_location(loc, f"{path}.locations[{i}]")
    fps = res.get("partialFingerprints", {})
    if not isinstance(fps, dict) or not all(isinstance(v, str) for v in fps.values()):
        problem(path, "partialFingerprints is not an object of strings")
    for i, s in enumerate(res.get("suppressions", [])):
        if obj(s, f"{path}.suppressions[{i}]", "suppression", ("kind",)):
            if s.get("kind") not in SUPPRESSION_KINDS:
                problem(path, f"suppression kind {s.get('kind')!r}")
            if s.get("status", "accepted") not in SUPPRESSION_STATUS:
                problem(path, f"suppression status {s.get('status')!r}")


def check_run(run, path):
    if not obj(run, path, "run", ("tool",)):
        return
    tool = run.get("tool")
    if not obj(tool, f"{path}.tool", "tool", ("driver",)):
        return
    driver = tool.get("driver")
    if not obj(driver, f"{path}.tool.driver", "toolComponent", ("name",)):
        return
    if not isinstance(driver.get("name"), str) or not driver.get("name"):
        problem(path, "tool.driver.name is not a non-empty string")
    if "informationUri" in driver:
        absolute_uri(driver["informationUri"], f"{path}.tool.driver.informationUri")
    rules = driver.get("rules", [])
    if not isinstance(rules, list):
        problem(path, "rules is not an array")
        rules = []
    if len(rules) > 25000:
        problem(path, "more than 25,000 rules")
    ids = [r.get("id") for r in rules if isinstance(r, dict)]
    if len(set(ids)) != len(ids):
        problem(path, "rule ids are not unique")
    for i, rule in enumerate(rules):
        check_rule(rule, f"{path}.tool.driver.rules[{i}]")
    results = run.get("results")
    if not isinstance(results, list):
        problem(path, "results is not an array (GitHub requires it)")
        return
    if len(results) > 25000:
        problem(path, "more than 25,000 results")
    for i, res in enumerate(results):
        check_result(res, f"{path}.results[{i}]", rules)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check-sarif: {sys.argv[1]}: {e}")
        return 1
    if obj(log, "$", "sarifLog", ("version", "runs")):
        if log.get("version") != "2.1.0":
            problem("$", f"version {log.get('version')!r} is not 2.1.0")
        schema = log.get("$schema")
        if schema is not None and ("sarif" not in schema or "2.1.0" not in schema):
            problem("$", f"$schema {schema!r} is not SARIF 2.1.0's")
        runs = log.get("runs")
        if not isinstance(runs, list):
            problem("$", "runs is not an array")
        elif len(runs) > 20:
            problem("$", "more than 20 runs")
        else:
            for i, run in enumerate(runs):
                check_run(run, f"$.runs[{i}]")
    for p in problems[:50]:
        print(f"check-sarif: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
