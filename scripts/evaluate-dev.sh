#!/usr/bin/env bash
# Drafts every development text blind (extract --standalone) and evaluates it against its gold:
# the four treaties in ../shared/corpus/sources (gold in tests/data/treaties) and the seed report.
# Usage: bash scripts/evaluate-dev.sh [--mistakes]   (needs ../shared beside the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
sources=../shared/corpus/sources
[ -d "$sources" ] || { echo "scripts/evaluate-dev.sh: $sources is missing (the development texts live in ../shared)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# each document in folders of its own: evaluate reads a document's siblings' registries
for doc in un-trafficking-protocol un-smuggling-protocol un-crc coe-trafficking-convention; do
    mkdir -p "$work/$doc/gold/$doc"
    cp "$sources/$doc.txt" "$work/$doc/gold/$doc/text.txt"
    cp "tests/data/treaties/$doc/annotations.yaml" "$work/$doc/gold/$doc/"
done
seed=ipu-118-migrant-workers
mkdir -p "$work/$seed/gold/$seed" && cp "src/normgraph/corpus/$seed"/* "$work/$seed/gold/$seed/"
for doc in ipu-118-migrant-workers un-trafficking-protocol un-smuggling-protocol un-crc coe-trafficking-convention; do
    "$py" -m normgraph extract "$work/$doc/gold/$doc/text.txt" -o "$work/$doc/pred/$doc" --standalone >/dev/null
    echo "== $doc"
    "$py" -m normgraph evaluate --gold "$work/$doc/gold/$doc" --pred "$work/$doc/pred/$doc" "$@" \
        | grep -E "^  (all norms|obligation|recommendation|right|bearer|holder|negated|instrument|state roles)|missed|spurious|^- " || true
done
