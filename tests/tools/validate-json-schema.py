#!/usr/bin/env python3
"""validate-json-schema.py - validate JSON documents against a JSON Schema.

Usage:
    validate-json-schema.py [--no-format] SCHEMA.json DOC.json...

Every schema file in SCHEMA's directory (*.schema.json) is loaded and made
available under its "$id" and its file URI, so references between local
schemas ("spdx.schema.json", "jsf-0.82.schema.json#/definitions/signature"
in the CycloneDX schemas) resolve without the network; any other remote
reference is an error. The draft is taken from the schema's "$schema"
(CycloneDX: draft-07, SPDX 2.3: 2019-09). Formats ("date-time",
"iri-reference", ...) are asserted as far as the installed modules can
(rfc3987, rfc3339-validator ... when present); --no-format only annotates
them, as JSON Schema does by default.

Prints "DOC: valid" or "DOC: invalid" followed by up to 10 errors (path and
message) per document. Exit status: 0 all valid, 1 some invalid, 2 usage or
setup problem (no jsonschema module, unreadable schema).

Needs python3-jsonschema (Debian 12 ships 4.10, which has RefResolver;
newer releases with the "referencing" library are used through it).
"""
import glob
import json
import os
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("validate-json-schema: python3 jsonschema module not installed "
          "(apt-get install python3-jsonschema)", file=sys.stderr)
    sys.exit(2)

MAX_ERRORS = 10


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def local_schemas(schema_path):
    """Every *.schema.json beside schema_path, by $id and by file URI."""
    store = {}
    for path in sorted(glob.glob(os.path.join(os.path.dirname(schema_path) or ".",
                                              "*.schema.json"))):
        try:
            doc = load(path)
        except (OSError, ValueError):
            continue
        uri = pathlib.Path(os.path.abspath(path)).as_uri()
        store[uri] = doc
        if isinstance(doc, dict) and isinstance(doc.get("$id"), str):
            store[doc["$id"].rstrip("#")] = doc
    return store


def no_network(uri):
    raise LookupError("remote reference not available offline: %s" % uri)


def validator_with_registry(cls, schema, store, checker):
    """jsonschema >= 4.18: a referencing.Registry of the local schemas."""
    import referencing
    import referencing.jsonschema

    default = referencing.jsonschema.specification_with(
        schema.get("$schema", ""), default=referencing.jsonschema.DRAFT7)

    def resource(doc):
        return referencing.Resource.from_contents(doc, default_specification=default)

    def retrieve(uri):
        raise referencing.exceptions.NoSuchResource(ref=uri)

    registry = referencing.Registry(retrieve=retrieve)
    registry = registry.with_resources((uri, resource(doc)) for uri, doc in store.items())
    return cls(schema, registry=registry, format_checker=checker)


def validator_with_resolver(cls, schema, store, schema_path, checker):
    """Older jsonschema: a RefResolver whose store holds the local schemas."""
    base = schema.get("$id") or pathlib.Path(os.path.abspath(schema_path)).as_uri()
    resolver = jsonschema.RefResolver(base, schema, store=store,
                                      handlers={"http": no_network, "https": no_network})
    return cls(schema, resolver=resolver, format_checker=checker)


def make_validator(schema_path, formats):
    schema = load(schema_path)
    store = local_schemas(schema_path)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    checker = None
    if formats:
        checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    try:
        import referencing  # noqa: F401  (jsonschema >= 4.18)
        return validator_with_registry(cls, schema, store, checker)
    except ImportError:
        return validator_with_resolver(cls, schema, store, schema_path, checker)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def check(validator, doc_path):
    try:
        doc = load(doc_path)
    except (OSError, ValueError) as e:
        print("%s: invalid\n  cannot read: %s" % (doc_path, e))
        return False
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        print("%s: valid" % doc_path)
        return True
    print("%s: invalid (%d error%s)" % (doc_path, len(errors), "" if len(errors) == 1 else "s"))
    for e in errors[:MAX_ERRORS]:
        print("  %s: %s" % (where(e), e.message[:300]))
    return False


def main(argv):
    formats = len(argv) < 2 or argv[1] != "--no-format"
    if not formats:
        argv = argv[:1] + argv[2:]
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        validator = make_validator(argv[1], formats)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print("validate-json-schema: cannot use schema '%s': %s" % (argv[1], e),
              file=sys.stderr)
        return 2
    ok = True
    for doc_path in argv[2:]:
        ok = check(validator, doc_path) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
