"""Writes flow-cases.jsonl: YAML texts PyYAML reads, built from flow collections nested three deep (brackets and braces
over several lines, with comments, trailing commas, explicit '?' keys, single-pair mappings in brackets), anchors on
keys, values and collections, aliases as keys and values, tags on scalars and collections, and plain, quoted and
typed scalars; each with PyYAML's value: {"yaml", "json" (compact JSON)}. Texts PyYAML rejects are left out (fuzz.py
covers rejections), and so are texts whose value JSON cannot hold as the tree reads it (a key that is not a string,
None included: the tree keeps a key's text).

The expected values come from PyYAML (yaml.safe_load, the loader of Dify's Python SDK), not from this repository's
code. Rerun it only to widen the cases:  python3 flow.py 3000 flow-cases.jsonl   (PyYAML 6.0.3 wrote the file).
"""
import json
import random
import sys

import yaml

rng = random.Random(20261203)

PLAIN = ["a", "b c", "x-y", "1", "true", "~", "1.5", "a:b", "http://x", "yes", "0x1F"]
QUOTED = ['"q"', '"a b"', "'s'", "''", '""', "'it''s'"]
TAGGED = ["!!str 1", '!!int "2"', "!!str a", "! a", "!!float 1"]
KEYS = ["a", "b", '"k"', "'k2'", "c d", "? e", "1", "&ka a", "!!str f"]


class Text:
    def __init__(self):
        self.anchors = []

    def gap(self):
        return rng.choice(["", " ", "  ", " \n ", "\n  ", " # c\n "])

    def anchor(self):
        name = "n%d" % len(self.anchors)
        self.anchors.append(name)
        return "&" + name + " "

    def scalar(self):
        roll = rng.random()
        if roll < 0.4:
            return rng.choice(PLAIN)
        if roll < 0.6:
            return rng.choice(QUOTED)
        if roll < 0.7 and self.anchors:
            return "*" + rng.choice(self.anchors)
        if roll < 0.8:
            return rng.choice(TAGGED)
        return rng.choice(["a", "b", "c"])

    def node(self, depth):
        if rng.random() < 0.2:
            value = self.collection(depth) if depth < 3 and rng.random() < 0.4 else self.scalar()
            return self.anchor() + value
        if depth < 3 and rng.random() < 0.35:
            return self.collection(depth)
        return self.scalar()

    def collection(self, depth):
        if rng.random() < 0.5:
            entries = []
            for _ in range(rng.randint(0, 3)):
                entry = self.node(depth + 1)
                roll = rng.random()
                if roll < 0.1:
                    entry = "? " + entry
                elif roll < 0.2:
                    entry = entry + ": " + self.scalar()
                entries.append(entry)
            props = rng.choice(["", "!!seq ", "&s%d " % rng.randint(0, 99)])
            return props + "[" + self.gap() + ("," + self.gap()).join(entries) + self.gap() + rng.choice(["", ","]) + "]"
        entries = []
        for index in range(rng.randint(0, 3)):
            key = rng.choice(KEYS) + str(index)
            separator = self.gap() + ": " if key.startswith("?") else ": "
            entries.append(key + separator + self.node(depth + 1))
        return (rng.choice(["", "!!map "]) + "{" + self.gap() + ("," + self.gap()).join(entries) + self.gap()
                + rng.choice(["", ","]) + "}" + rng.choice(["", " # c"]))


def string_keys_only(value):
    if isinstance(value, dict):
        return all(isinstance(key, str) and string_keys_only(item) for key, item in value.items())
    if isinstance(value, list):
        return all(string_keys_only(item) for item in value)
    return True


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < count:
            text = "k: " + Text().collection(0) + "\n"
            try:
                value = yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            if not string_keys_only(value):
                continue
            out.write(json.dumps({"yaml": text, "json": json.dumps(value, separators=(",", ":"))}) + "\n")
            written += 1


main()
