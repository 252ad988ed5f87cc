#!/usr/bin/env python3
"""
gen-cvss4-table.py - turn FIRST's CVSS v4.0 calculator data into a C header.

CVSS v4.0 (specification section 8) scores a vector by looking up the score
of its MacroVector and interpolating towards the next lower MacroVectors. The
reference calculator (FIRSTdotorg/cvss-v4-calculator) carries three data
files: the MacroVector score table, the highest-severity vectors of each EQ
level ("max composed") and the depth of each EQ level ("max severity"). This
script reads their JSON form once and writes src/vulndb/cvss4-table.h, so the
scanner never reads them at run time.

usage: tools/gen-cvss4-table.py [DATA_DIR] > src/vulndb/cvss4-table.h
DATA_DIR defaults to ../shared/testvectors/cvss (first-cvss4-*.json).
"""
import json
import os
import sys

# The metrics each EQ's highest-severity vectors name, in the order the C code
# reads them (cvss4.c indexes these strings by position).
EQ_METRICS = {
    "eq1": ["AV", "PR", "UI"],
    "eq2": ["AC", "AT"],
    "eq3": ["VC", "VI", "VA", "CR", "IR", "AR"],
    "eq4": ["SC", "SI", "SA"],
}

# Number of levels of each EQ (EQ1..EQ6), see specification table 24.
EQ_LEVELS = [3, 2, 3, 3, 3, 2]


def die(msg):
    sys.stderr.write("gen-cvss4-table: %s\n" % msg)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def letters(partial, metrics):
    """'AV:N/PR:L/UI:N/' -> 'NLN', checking the metric names and order."""
    fields = [f for f in partial.split("/") if f]
    names = [f.split(":")[0] for f in fields]
    if names != metrics:
        die("unexpected max vector %r (want metrics %s)" % (partial, metrics))
    out = ""
    for f in fields:
        value = f.split(":")[1]
        if len(value) != 1:
            die("multi-letter value in %r" % partial)
        out += value
    return out


def c_list(strings, width):
    if len(strings) >= width:
        die("too many max vectors (%d) for width %d" % (len(strings), width))
    return "{ " + "".join('"%s", ' % s for s in strings) + "NULL }"


def emit_lookup(lookup, out):
    seen = 0
    out.append("/* MacroVector EQ1..EQ6 -> score, "
               "CVSS4_NO_MACRO where there is none. */")
    out.append("static const double cvss4_lookup[3][2][3][3][3][2] = {")
    for e1 in range(3):
        out.append("\t{")
        for e2 in range(2):
            out.append("\t\t{")
            for e3 in range(3):
                rows = []
                for e4 in range(3):
                    cells = []
                    for e5 in range(3):
                        for e6 in range(2):
                            key = "%d%d%d%d%d%d" % (e1, e2, e3, e4, e5, e6)
                            if key in lookup:
                                seen += 1
                                cells.append(repr(float(lookup[key])))
                            else:
                                cells.append("CVSS4_NO_MACRO")
                    rows.append("{ { %s, %s }, { %s, %s }, { %s, %s } }"
                                % tuple(cells))
                out.append("\t\t\t{ " + ",\n\t\t\t  ".join(rows) + " },")
            out.append("\t\t},")
        out.append("\t},")
    out.append("};")
    if seen != len(lookup):
        die("lookup has keys outside the EQ ranges")


def emit_max_composed(composed, out):
    # EQ5 (E) takes no part in the severity distance, so it is left out.
    width = {"eq1": 4, "eq2": 3, "eq4": 2}
    for eq in ["eq1", "eq2", "eq4"]:
        levels = EQ_LEVELS[int(eq[2]) - 1]
        out.append("/* %s level -> highest-severity %s values */"
                   % (eq.upper(), "/".join(EQ_METRICS[eq])))
        out.append("static const char *const cvss4_max_%s[%d][%d] = {"
                   % (eq, levels, width[eq]))
        for lvl in range(levels):
            vecs = [letters(v, EQ_METRICS[eq]) for v in composed[eq][str(lvl)]]
            out.append("\t%s," % c_list(vecs, width[eq]))
        out.append("};")
        out.append("")
    out.append("/* EQ3 level, EQ6 level -> highest-severity "
               "VC/VI/VA/CR/IR/AR values */")
    out.append("static const char *const cvss4_max_eq3eq6[3][2][6] = {")
    for e3 in range(3):
        cells = []
        for e6 in range(2):
            vecs = composed["eq3"][str(e3)].get(str(e6), [])
            vecs = [letters(v, EQ_METRICS["eq3"]) for v in vecs]
            cells.append(c_list(vecs, 6))
        out.append("\t{ %s,\n\t  %s }," % tuple(cells))
    out.append("};")


def emit_max_severity(sev, out):
    out.append("/* Depth of each EQ level in steps of 0.1 "
               "(0: no such level). */")
    for eq in ["eq1", "eq2", "eq4"]:
        levels = EQ_LEVELS[int(eq[2]) - 1]
        vals = [str(int(sev[eq][str(i)])) for i in range(levels)]
        out.append("static const int cvss4_depth_%s[%d] = { %s };"
                   % (eq, levels, ", ".join(vals)))
    rows = []
    for e3 in range(3):
        vals = [str(int(sev["eq3eq6"][str(e3)].get(str(e6), 0)))
                for e6 in range(2)]
        rows.append("{ %s }" % ", ".join(vals))
    out.append("static const int cvss4_depth_eq3eq6[3][2] = { %s };"
               % ", ".join(rows))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "shared", "testvectors", "cvss")
    lookup = load(os.path.join(data, "first-cvss4-lookup.json"))
    composed = load(os.path.join(data, "first-cvss4-max-composed.json"))
    sev = load(os.path.join(data, "first-cvss4-max-severity.json"))

    out = [
        "/*",
        " * cvss4-table.h - CVSS v4.0 MacroVector data (specification "
        "section 8).",
        " *",
        " * Generated by tools/gen-cvss4-table.py from the data files of "
        "FIRST's",
        " * reference calculator (FIRSTdotorg/cvss-v4-calculator: "
        "cvss_lookup.js,",
        " * max_composed.js, max_severity.js; BSD-2-Clause). Do not edit "
        "by hand.",
        " * Included only by cvss4.c.",
        " */",
        "#ifndef CU_CVSS4_TABLE_H",
        "#define CU_CVSS4_TABLE_H",
        "",
        "#define CVSS4_NO_MACRO (-1.0)",
        "",
    ]
    emit_lookup(lookup, out)
    out.append("")
    emit_max_composed(composed, out)
    out.append("")
    emit_max_severity(sev, out)
    out.append("")
    out.append("#endif")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
