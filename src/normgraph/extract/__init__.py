"""Drafting: a new document's text → draft annotations a person reviews, and the measure of a
draft against curated annotations.

    text ──► structure (builders.document: units with eIds and offsets)
         ──► sentences (_sentences) ──► cues: what is a norm (cues.yaml, _cues)
         ──► slots: bearer, holder, action, condition, roles, lists (_slots)
         ──► mentions of instruments and actors (_lexicon + lexicon.yaml)
         ──► the draft annotations.yaml (draft)

Rule-based and transparent: the cues are data (``cues.yaml``: pattern, type, prior and examples
for each), the rest regular expressions and word lists, documented in ``docs/extraction.md`` and
tested on realistic sentences (``tests/extract/test_rules.py`` runs every example of cues.yaml).
It shares the document model with the builders and nothing else.
"""

from __future__ import annotations

from .draft import Draft, ExtractResult, KnownRegistries, ParagraphDraft, draft_yaml, extract, extract_to_folder
from .evaluate import Report, evaluate

__all__ = [
    "Draft",
    "ExtractResult",
    "KnownRegistries",
    "ParagraphDraft",
    "Report",
    "draft_yaml",
    "evaluate",
    "extract",
    "extract_to_folder",
]
