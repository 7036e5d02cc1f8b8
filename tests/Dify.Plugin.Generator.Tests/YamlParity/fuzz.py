"""Writes fuzz-cases.jsonl: 5,767 small YAML texts over what the block-oriented generate.py covers weakly (flow
collections nested and over several lines, plain scalars holding or starting with indicator characters, colons in
every place, explicit keys, anchors, aliases and tags, comments after flow collections, document markers, scalars
PyYAML types), each with what PyYAML makes of it: {"yaml", "json" (PyYAML's value as compact JSON, or null where it
rejects the text), "family", "err" (PyYAML's line, column and problem where it rejects)}. Texts whose value JSON cannot
hold (dates, non-string keys, inf and nan) are left out.

The expected values come from PyYAML (yaml.safe_load, the loader of Dify's Python SDK), not from this repository's
code. Rerun it only to widen the cases:  python3 fuzz.py 6000 fuzz-cases.jsonl   (PyYAML 6.0.3 wrote the file).
"""
import datetime
import json
import math
import random
import sys

import yaml

rng = random.Random(424242)

PLAIN_ATOMS = ["a", "b c", "x", "1", "yes", "~", "null", "-1", "0x1F", "1:20", ".5", "3.0", "017", "off", "",
               "a:b", "a::b", ":a", "a-b", "-a", "?a", "a?", "a#b", "a #b", "a,b", "a]b", "a}b", "a[b", "a{b",
               "&a", "*a", "!a", "|a", ">a", "%a", "@a", "`a", "a'b", 'a"b', "a!", "a&", "a*", "a|", "a>", "a%", "a@", "a`",
               "- a", "? a", ": a", "a: b", "a:", "a :b", "a : b", "a ?", "a -", "--", "...", "---", "a ...", ". a",
               "2001-12-14", "12:30", "1_000", ".inf", "-.inf", ".nan", "1e3", "1.0e+3", "+1", "0b11", "0o7", "True", "NO"]
QUOTED_ATOMS = ['"a"', "'a'", '"a:b"', "'a b'", '""', "''", '"x\\ny"', "'it''s'", '"a\\"b"', '"[x]"', "'{y}'", '"#"']
PROPS = ["&x ", "!!str ", "! ", "!!int ", "&y !!str ", "!!null ", "!t ", "!!map ", "!!seq ", "!!float ", "!!bool "]


def atom(flow):
    r = rng.random()
    if r < 0.6:
        return rng.choice(PLAIN_ATOMS)
    if r < 0.85:
        return rng.choice(QUOTED_ATOMS)
    if r < 0.92:
        return rng.choice(PROPS) + rng.choice(["a", "1", '"q"', "yes", ""])
    return rng.choice(["*x", "*x ", "&x a", "&y b", "&z c"])


def ws():
    return rng.choice(["", " ", " ", "  ", "\n", "\n ", "\n  ", " \n", "\n\n ", " # c\n ", "\t"][: 10 if rng.random() < 0.9 else 11])


def flow(depth):
    r = rng.random()
    if depth > 2 or r < 0.35:
        return atom(True)
    n = rng.choice([0, 1, 1, 2, 2, 3])
    if r < 0.7:
        items = []
        for _ in range(n):
            k = rng.random()
            if k < 0.2:
                items.append(flow(depth + 1) + ws() + ":" + rng.choice(["", " "]) + flow(depth + 1))
            elif k < 0.27:
                items.append("? " + flow(depth + 1) + rng.choice(["", " : " + flow(depth + 1)]))
            elif k < 0.29 and rng.random() < 0.3:
                items.append("")
            else:
                items.append(flow(depth + 1))
        body = ("," + ws()).join(items) + rng.choice(["", "", "", ",", " ,", ",", ", ," if rng.random() < 0.2 else ""])
        return "[" + ws() + body + ws() + "]"
    items = []
    for _ in range(n):
        k = rng.random()
        if k < 0.6:
            items.append(flow(depth + 1) + ws() + ":" + rng.choice(["", " ", " ", "\n "]) + flow(depth + 1))
        elif k < 0.7:
            items.append("? " + flow(depth + 1) + rng.choice(["", " : " + flow(depth + 1)]))
        elif k < 0.75 and rng.random() < 0.3:
            items.append("")
        else:
            items.append(flow(depth + 1))
    body = ("," + ws()).join(items) + rng.choice(["", "", ",", " ,"])
    return "{" + ws() + body + ws() + "}"


def indent_lines(text, n):
    return text.replace("\n", "\n" + " " * n)


def after_flow():
    return rng.choice(["", "", " # c", "#c", " x", " ,", " ]", " :", ": v", " : v", "\n  x", "\n- y", "\nk2: v", " &a",
                       "\n  k3: v", "\n...", "\n---\nz", " !t", "\n#c\nk4: w"])


def fam_flow():
    f = flow(0)
    if "*x" in f and "&x" not in f and rng.random() < 0.8:
        return "a: &x v\nk: " + indent_lines(f, 1) + after_flow() + "\n"
    shape = rng.random()
    if shape < 0.3:
        return f + after_flow() + "\n"
    if shape < 0.6:
        return "k: " + indent_lines(f, rng.choice([0, 1, 2, 3])) + after_flow() + "\n" + rng.choice(["", "m: n\n", "- o\n"])
    if shape < 0.8:
        return "- " + indent_lines(f, rng.choice([0, 1, 2])) + after_flow() + "\n" + rng.choice(["", "- n\n", "m: n\n"])
    return f + ": v\n" + rng.choice(["", "k: w\n"])


def scalar_text():
    parts = [rng.choice(PLAIN_ATOMS + QUOTED_ATOMS[:3]) for _ in range(rng.choice([1, 1, 2]))]
    return rng.choice([" ", "", ":", ": ", "#", " #"]).join(parts)


def fam_plain():
    s = scalar_text()
    t = rng.choice([
        "k: {s}\n", "- {s}\n", "{s}: v\n", "{s}\n", "k:\n  {s}\n", "k: {s}\nm: n\n", "- {s}\n- n\n", "[{s}]\n", "{{{s}}}\n",
        "{{k: {s}}}\n", "[k: {s}]\n", "k: [{s}, x]\n", "? {s}\n: v\n", "k: {s}\n  {s}\n", "- {s}: v\n", "{s}: {s}\n",
        "k: &a {s}\nm: *a\n", "k: !!str {s}\n", "k: {s} # c\n", "'q': {s}\n", "\"q\": {s}\n",
    ])
    return t.format(s=s)


def fam_colon():
    a = rng.choice(["a", "1", "'a'", '"a"', "[a]", "{a: b}", "*x", "&x a", "!t a", "", "a b", "-", "?", "- a"])
    b = rng.choice(["b", ":b", "::b", "b:", "b:c", ": b", "", " ", ":", "-", "- b", "? b", "[b]", "{b}", "'b'", "b #c", "b:#c"])
    sep = rng.choice([":", ": ", " :", " : ", "::", ":: ", ":\n  ", ":\n", ": :", "?"])
    ctx = rng.choice(["{a}{sep}{b}\n", "k: {a}{sep}{b}\n", "- {a}{sep}{b}\n", "[{a}{sep}{b}]\n", "{{{a}{sep}{b}}}\n",
                      "x: y\n{a}{sep}{b}\n", "- - {a}{sep}{b}\n", "k:\n  {a}{sep}{b}\n", "[x, {a}{sep}{b}, y]\n"])
    return ctx.format(a=a, sep=sep, b=b)


def fam_explicit():
    k = rng.choice(["a", "'a'", "[a, b]", "{a: b}", "- a", "|\n  a", "&x a", "*x", "", "a: b", "!!str 1", "? b"])
    v = rng.choice(["b", "", "[c]", "- c", "c: d", "&y c", "*x", "|\n  c", ": c", "'c'"])
    form = rng.choice(["? {k}\n: {v}\n", "? {k}\n", "? {k} : {v}\n", "?  {k}\n:  {v}\nz: 1\n", "- ? {k}\n  : {v}\n",
                       "m:\n  ? {k}\n  : {v}\n", "? {k}\n: {v}\n? q\n", "{{? {k} : {v}}}\n", "[? {k} : {v}]\n", "?\n: {v}\n",
                       "k: v\n? {k}\n: {v}\n", "x: &x a\n? {k}\n: {v}\n"])
    return form.format(k=k, v=v)


def fam_anchor():
    pieces = []
    for i in range(rng.randint(1, 4)):
        v = rng.choice(["&x a", "*x", "&x [a, b]", "&x {a: b}", "*x ", "&x", "!!str &x a", "&x !!str a", "&x\n  - a",
                        "&x\n  b: c", "*x\n  b: c", "[*x, *x]", "{*x : a}", "{*x: a}", "&x !!map {a: b}", "&x ~", "&y 1",
                        "*y", "!t &x a", "&x |\n  t", "&x\n  a", "{&x a: *x}", "[&x a, *x]"])
        k = rng.choice([f"k{i}", "*x", "&x k", "&y k", "!!str k", "'k'"])
        pieces.append(f"{k}: {v}")
    return "\n".join(pieces) + "\n"


def fam_doc():
    body = rng.choice(["a: 1", "- a", "[a]", "{a: b}", "a", "'a'", "", "|\n  x", "k: [a,\n  b]"])
    form = rng.choice(["---\n{b}\n", "--- {b}\n", "{b}\n...\n", "---\n{b}\n...\n", "%YAML 1.1\n---\n{b}\n", "--- # c\n{b}\n",
                       "{b}\n---\n", "...\n{b}\n", "---\n---\n{b}\n", "--- |\n  x\n", "---\n{b}\n...\n# c\n", "{b}\n--- \n",
                       "%TAG ! tag:x,2000:\n---\n{b}\n", "--- [a,\n b]\n", "---{b}\n", "--- >\n x\n", "k: ---\n", "k: ...\n",
                       "- ---\n", "- ...x\n", "k:\n--- a\n", "--- &x a\n", "--- !!str\n"])
    return form.format(b=body)


TYPED = ["yes", "No", "ON", "off", "y", "n", "Y", "N", "0x1F", "0x", "0o17", "017", "08", "09.5", "0b101", "0b2", "1:20",
         "1:20:30", "1:60", "1:5.5", "-1:20", "190:20:30.15", "1:20.5", ".inf", "-.inf", "+.INF", ".Inf", ".NaN", ".nan",
         "~", "null", "NULL", "nULL", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
         "2002-1-1", "20011214", "1.", "1.e+3", "1.0e3", "1e+3", "1_0.5", "+0.5", "-0", "-0.0", "+0", "0.0", "00", "0_",
         "1,000", "1__", "_", "._", "0x_", "0b_", "-0b1", "+0x1", "1e-5", "1.0e-5", "0.00001", "1.0e+16", "1.0e+17",
         "123456789012345678901.5", "0.1", "1.5e-7", "=", "<<", "12:30:45", "6.8523015e+5", "685.230_15e+03", "-.5",
         "+.5", ".5e+3", ".", "-.", "1.2.3", "0xFFFFFFFFFFFFFFFFFF", "9007199254740993", "-9007199254740993", "0777777777777777777777"]


def fam_typed():
    lines = []
    for i in range(rng.randint(1, 3)):
        v = rng.choice(TYPED)
        form = rng.choice(["k{i}: {v}", "k{i}: [{v}]", "k{i}: {{a: {v}}}", "k{i}:\n  - {v}", "k{i}: !!float {v}",
                           "k{i}: !!int {v}", "k{i}: !!str {v}", "k{i}: !!bool {v}", "k{i}: '{v}'", "k{i}: {v} ",
                           "k{i}: !!null {v}", "k{i}: ! {v}", "k{i}: !!timestamp {v}"])
        lines.append(form.format(i=i, v=v))
    return "\n".join(lines) + "\n"


def fam_block_after_flow():
    f = flow(1)
    form = rng.choice(["k: {f}\n  m: n\n", "k: {f}\nm:\n  - n\n", "- {f}\n  - n\n", "k:\n  {f}\n  m: n\n", "k:\n  - {f}\n  m: n\n",
                       "{f}\n- n\n", "k: {f} # c\nm: n\n", "k:\n- {f}\n- n\n", "k: {f}\n  - n\n", "k:\n  {f}: v\n",
                       "k:\n  {f}\n  - n\n", "- {f}: v\n  m: n\n", "k: {f}\n   : v\n"])
    return form.format(f=indent_lines(f, rng.choice([0, 1, 2, 3])))


FAMILIES = [(fam_flow, 0.3), (fam_plain, 0.2), (fam_colon, 0.13), (fam_explicit, 0.09), (fam_anchor, 0.08),
            (fam_doc, 0.05), (fam_typed, 0.08), (fam_block_after_flow, 0.07)]


def pick():
    r = rng.random()
    for f, w in FAMILIES:
        if r < w:
            return f
        r -= w
    return FAMILIES[0][0]


class Unrepresentable(Exception):
    pass


def check(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise Unrepresentable("key " + type(k).__name__)
            check(v)
    elif isinstance(value, list):
        for v in value:
            check(v)
    elif isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            raise Unrepresentable("inf/nan")
    elif isinstance(value, (datetime.date, bytes, set, tuple)):
        raise Unrepresentable(type(value).__name__)
    elif value is None or isinstance(value, (str, int, bool)):
        pass
    else:
        raise Unrepresentable(type(value).__name__)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    seen = set()
    skipped = {}
    out = open(sys.argv[2] if len(sys.argv) > 2 else "/tmp/fuzz-cases.jsonl", "w")
    attempts = 0
    while len(seen) < count and attempts < count * 20:
        attempts += 1
        fam = pick()
        text = fam()
        if text in seen:
            continue
        err = None
        try:
            value = yaml.safe_load(text)
            check(value)
            js = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        except Unrepresentable as e:
            skipped[str(e)] = skipped.get(str(e), 0) + 1
            seen.add(text)
            continue
        except yaml.MarkedYAMLError as e:
            js = None
            m = e.problem_mark
            err = {"line": m.line + 1 if m else 0, "col": m.column + 1 if m else 0, "problem": e.problem, "context": e.context}
        except Exception as e:
            js = None
            err = {"line": 0, "col": 0, "problem": type(e).__name__ + ": " + str(e)[:200], "context": None}
        seen.add(text)
        out.write(json.dumps({"yaml": text, "json": js, "family": fam.__name__, "err": err}, ensure_ascii=False) + "\n")
    out.close()
    print("skipped", skipped, file=sys.stderr)


if __name__ == "__main__":
    main()
