"""Write a realistic synthetic corpus of roughly N triples, shaped like the curated seed.

    python benchmarks/generate_corpus.py --triples 1000000 --out /tmp/ng-corpus-1m

Each document has 50-100 numbered paragraphs. A paragraph is one of the seed's paragraphs (its
text exactly, typos and curly quotes included) followed by a new sentence with a figure, so no
two paragraphs are alike; its annotations are that seed paragraph's norms, claims, mentions and
topics (the quotes stay verbatim), plus a figure claim quoting the new sentence. The registries
are the seed's instruments, actors and concepts, plus a pool of States: the first document
carries the whole seed registry, every other document repeats the entries it uses (as a real
corpus does, so the registry merge is exercised), and lines are wrapped like the seed's text.

The generator counts the triples it will make per paragraph from the seed graph itself, so the
size hits the target within a paragraph or so. Same ``--seed``, same bytes.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
import time
from pathlib import Path

import yaml

SEED_ID = "ipu-118-migrant-workers"
REGIONS = ("West Africa", "the Sahel", "Central America", "South-East Asia", "the Western Balkans",
           "the Horn of Africa", "the Andean region", "the Caucasus", "the Mekong subregion",
           "North Africa", "the Caribbean", "Central Asia", "the Pacific", "Eastern Europe")  # fmt: skip
UNITS = ("people", "migrant workers", "victims of trafficking", "children", "cases", "per cent",
         "States Parties", "prosecutions", "returns")  # fmt: skip
VERBS = ("were reported", "were identified", "were recorded", "were referred to assistance",
         "were registered", "were counted")  # fmt: skip
STATE_POOL = 240  # synthetic States shared across documents


def _plain(value):  # LineDict/LineList → dict/list, so the C dumper can write them
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _seed():
    """The seed's paragraphs (ng:text), raw annotation sections, and triples per paragraph."""
    from normgraph.builders._yaml import load_yaml
    from normgraph.builders.corpus import bundled_corpus
    from normgraph.graph.store import build_graph

    folder = bundled_corpus() / SEED_ID
    raw = _plain(load_yaml((folder / "annotations.yaml").read_text(encoding="utf-8"), folder))
    graph = build_graph()
    doc_graph = f"https://w3id.org/normgraph/id/graph/{SEED_ID}"
    per_para: dict[int, int] = {}
    texts: dict[int, str] = {}
    para_re = re.compile(rf"^https://w3id.org/normgraph/id/doc/{SEED_ID}/p(\d+)(?:/|$)")
    other = 0
    for quad in graph.store:
        if str(quad.graph_name) != f"<{doc_graph}>":
            continue
        m = para_re.match(quad.subject.value)
        if m:
            n = int(m.group(1))
            per_para[n] = per_para.get(n, 0) + 1
            if quad.predicate.value.endswith("#text"):
                texts[n] = quad.object.value
        else:
            other += 1
    return raw, texts, per_para, other


def _wrap(text: str, width: int, rng: random.Random) -> str:
    """Hard line breaks at single spaces, like a PDF-to-text dump; ng:text joins them back."""
    out = []
    limit = width + rng.randint(-8, 8)
    spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", text)]
    last_break = 0
    for pos in spaces:
        if pos - last_break < limit:
            continue
        following = text[pos + 1 : pos + 12]
        if re.match(r"\d|\(|Art", following):
            continue  # never start a line with what looks like a label or a heading
        out.append(text[last_break:pos] + " \n")
        last_break = pos + 1
        limit = width + rng.randint(-8, 8)
    out.append(text[last_break:])
    return "".join(out)


def _registry_ids(section: dict) -> set[str]:
    """Every id a paragraph annotation uses."""
    ids: set[str] = set()
    for key in ("mentions", "topics"):
        ids.update(section.get(key) or [])
    for record in (*(section.get("norms") or []), *(section.get("claims") or [])):
        for key in ("bearer", "holder", "beneficiary", "instrument", "topics", "source", "about"):
            value = record.get(key)
            if value:
                ids.update([value] if isinstance(value, str) else value)
    return ids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, required=True, help="target size (quads in the built graph)")
    ap.add_argument("--out", type=Path, required=True, help="corpus folder to write (must not exist)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (same seed, same corpus)")
    args = ap.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        ap.error(f"{args.out} exists and is not empty")
    started = time.perf_counter()
    rng = random.Random(args.seed)
    raw, texts, per_para, doc_overhead = _seed()
    seed_paras = {int(k): v for k, v in raw["paragraphs"].items()}
    registry = {k: raw.get(k) or {} for k in ("instruments", "actors", "concepts")}
    numbers = sorted(texts)
    # the extra figure claim: ~20 triples (claim 8 + selector 9 + source + about + topic)
    extra_per_para = 21
    # ontology + seed registry, counted once (approximate: the built graph is the arbiter)
    fixed = 2750
    state_ids = [f"state-{k:03d}" for k in range(STATE_POOL)]
    state_entries = {
        sid: {"label": f"State {k:03d}", "type": "State", "alt_labels": [f"Republic of Synthland {k}"],
              "roles": sorted(rng.sample(["source", "transit", "destination"], rng.randint(1, 3)))}
        for k, sid in enumerate(state_ids)
    }
    args.out.mkdir(parents=True, exist_ok=True)
    total, doc_index, paragraphs_written = fixed, 0, 0
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    per_para_average = sum(per_para.values()) / len(per_para) + extra_per_para + 3
    while True:
        room = (args.triples - total - doc_overhead) / per_para_average  # paragraphs still wanted
        if room < 25 and doc_index > 0:
            break
        doc_id = f"synth-{doc_index:05d}"
        n_paras = rng.randint(50, 100)
        if room - n_paras < 50:  # the last document: size it to land on the target
            n_paras = int(min(100, max(50, room)))
        lines, paragraphs, used = [], {}, set()
        doc_total = doc_overhead
        for n in range(1, n_paras + 1):
            j = rng.choice(numbers)
            state = rng.choice(state_ids)
            value = rng.randint(12, 950_000)
            unit = rng.choice(UNITS)
            sentence = (f"In {rng.randint(1990, 2024)}, {value:,} {unit} {rng.choice(VERBS)} in "
                        f"{rng.choice(REGIONS)} by {state_entries[state]['label']} (record {doc_id}/{n}).")
            body = f"{texts[j]} {sentence}"
            lines.append(f"{n}. " + _wrap(body, 92, rng) + " \n \n")
            section = copy.deepcopy(seed_paras.get(j) or {})
            claims = section.setdefault("claims", [])
            claims.append({"id": "synthetic-figure", "type": "figure", "quote": sentence,
                           "value": value, "unit": unit, "source": state, "about": ["migration"],
                           "topics": ["migration"]})
            section["mentions"] = [*(section.get("mentions") or []), state]
            used |= _registry_ids(section)
            paragraphs[n] = section
            doc_total += per_para[j] + extra_per_para + 3  # +reviewed/mention defaults
            paragraphs_written += 1
        if doc_index == 0:
            sections = {k: dict(v) for k, v in registry.items()}
            sections["actors"].update(state_entries)
        else:  # the entries this document uses, repeated as a real corpus does
            sections = {k: {i: v for i, v in reg.items() if i in used} for k, reg in registry.items()}
            sections["actors"].update({i: state_entries[i] for i in sorted(used) if i in state_entries})
        annotations = {
            "document": {"title": f"Synthetic report {doc_index} on migration and trafficking",
                         "kind": rng.choice(["report", "resolution", "recommendation"]),
                         "publisher": "ipu", "language": "en", "symbol": f"SYN/{doc_index}/{2000 + doc_index % 25}",
                         "date": f"{2000 + doc_index % 25}-{1 + doc_index % 12:02d}",
                         "authors": "unknown"},
            **{k: v for k, v in sections.items() if v},
            "paragraphs": paragraphs,
        }
        folder = args.out / doc_id
        folder.mkdir()
        (folder / "text.txt").write_text(
            f"SYNTHETIC REPORT {doc_index}\n\n" + "".join(lines), encoding="utf-8")
        with (folder / "annotations.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump(annotations, handle, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        total += doc_total
        doc_index += 1
    print(f"wrote {doc_index} documents, {paragraphs_written} paragraphs, ~{total:,} triples "
          f"to {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
