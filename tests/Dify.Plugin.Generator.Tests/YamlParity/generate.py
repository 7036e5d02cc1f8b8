"""Writes generated-cases.jsonl: small YAML texts mixing what the compatibility pre-pass and the fast reader must tell
apart (plain scalars continued over several lines, quotes and '#' at the start of a line or inside a scalar, quoted
scalars over several lines, block scalars, sequences, comments, blank lines; in the last 400, flow collections,
anchors, tags, tabs and document markers too; in the last 300, scalars PyYAML types, tagged or not), each with what
PyYAML makes of it.

The expected values come from PyYAML (yaml.safe_load, the loader of Dify's Python SDK), not from this repository's
code. Rerun it only to widen the cases:  python3 generate.py > generated-cases.jsonl   (PyYAML 6.0.3 wrote the file).
Each line: {"yaml": text, "json": PyYAML's value as compact JSON, or null where
PyYAML rejects the text}. Keys are unique within a text.
"""
import json
import random
import sys

import yaml

WORDS = ["alpha", "beta gamma", "x y z", 'say "hi"', "it's", "a \\ b", "tail #not", "w [v"]
# What a line continuing a plain scalar may start with: a quote, a comment, an indicator or plain text.
CONTINUATIONS = ['"q', '"q" r', "'s", "'s' t", "plain", 'w "x', "# c", '"a\\" b', "- d", "e: f", "| x", "[v", "&a b", "!t c"]
# The wider set adds flow collections, anchors (repeated ones among them), tags, block indicators after a dash, tabs
# and document markers: most such texts are invalid, which PyYAML must be matched on too.
WIDER_WORDS = WORDS + ["{a: b}", '[x, "y"]', "&an val", "!!str word", '"q" tail', "'s' tail", "x\ty", "- z", "? k", "a#b", ">", "|-"]
WIDER_CONTINUATIONS = ['\t"q', 'x\t"y', '{a: "b', "]", "? x", "---", "...", *CONTINUATIONS]


def continuation_lines(rng, parent_indent):
    lines = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        if rng.random() < 0.15:
            lines.append("")
        lines.append(" " * (parent_indent + rng.choice([0, 1, 1, 2, 3])) + rng.choice(CONTINUATIONS))
    return lines


def value_lines(rng, key_indent, depth):
    roll = rng.random()
    pad = " " * key_indent
    if roll < 0.45:
        return [" " + rng.choice(WORDS)] + continuation_lines(rng, key_indent)
    if roll < 0.55:
        return [' "first', pad + rng.choice(["", " ", "  "]) + rng.choice(['second"', 'q" r"', "x\\\" y\""])]
    if roll < 0.62:
        return [" |", pad + "  block \"q", pad + "  'more"]
    if roll < 0.72:
        return [""]
    if roll < 0.86 and depth < 2:
        return [""] + mapping(rng, key_indent + 2, depth + 1)
    dash = key_indent + rng.choice([0, 2])
    items = []
    for _ in range(rng.randint(1, 3)):
        items.append(" " * dash + "- " + rng.choice(WORDS))
        items += continuation_lines(rng, dash)
    return [""] + items


def mapping(rng, indent, depth):
    lines = []
    for index in range(rng.randint(1, 3)):
        if rng.random() < 0.1:
            lines.append(" " * rng.choice([0, indent]) + "# note \"x")
        first, *rest = value_lines(rng, indent, depth)
        lines.append(" " * indent + f"k{depth}{index}:" + first)
        lines += rest
    return lines


def text(rng):
    return "\n".join(mapping(rng, 0, 0)) + "\n"


# Plain scalars PyYAML types (YAML 1.1: octal, base 60, underscores, yes/no/on/off in three casings) or leaves as text,
# and scalars with the core tags.
TYPED = ["1", "017", "0o17", "1e5", "1.0e+5", "1_000", "0x1F", "-0x1F", "0b101", "1:20", ".5", "-.5", "1.2.3", "yes", "No",
         "ON", "off", "y", "n", "~", "null", "Null", "NULL", "true", "True", "TRUE", "tRue", "+1", "-1", "+.5", "1.", "0.", "00",
         "08", "190:20:30", "1,000", "0", "-0", "3.14", "6.8523015e+5", "685_230.15", "1e+5", "1E5", "1.0E+5", "0xFF_FF",
         "0b1_0", "+0x10", "-0b11", "1_", "_1", "1__2", "0.1_5", ".", "-", "0x", "0b", "1:60", "1:5:3", "Yes", "YES", "yEs",
         "On", "OFF", "oN", "False", "FALSE", "fAlse", "NO", "no", "Off", "~x", "null x", "1 2", "'1'", '"yes"', "!!str 1",
         "!!int 12", "!!int x", "!!bool yes", "!!bool maybe", "!!float 1", "!!null ''", "! 12", "!t c", "!!map [1]"]


def typed_text(rng):
    lines = []
    for index in range(rng.randint(1, 4)):
        if rng.random() < 0.2:
            lines.append(f"k{index}:\n  - {rng.choice(TYPED)}\n  - {rng.choice(TYPED)}")
        else:
            lines.append(f"k{index}: {rng.choice(TYPED)}")
    return "\n".join(lines) + "\n"


def main():
    global WORDS, CONTINUATIONS
    rng = random.Random(20261202)
    seen = set()
    while len(seen) < 1300:
        if len(seen) == 600:
            WORDS, CONTINUATIONS = WIDER_WORDS, WIDER_CONTINUATIONS
        yaml_text = text(rng) if len(seen) < 1000 else typed_text(rng)
        if yaml_text in seen:
            continue
        seen.add(yaml_text)
        try:
            value = json.dumps(yaml.safe_load(yaml_text), separators=(",", ":"), ensure_ascii=False)
        except (yaml.YAMLError, ValueError, KeyError):
            # A tagged value its constructor refuses raises ValueError or KeyError, not YAMLError.
            value = None
        sys.stdout.write(json.dumps({"yaml": yaml_text, "json": value}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
