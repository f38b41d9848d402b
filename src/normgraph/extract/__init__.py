"""Drafting: a new document's text → draft annotations a person reviews, and the measure of a
draft against curated annotations.

    text ──► structure (builders.document: units with eIds and offsets)
         ──► sentences (_sentences) ──► cues: what is a norm (_cues)
         ──► slots: bearer, holder, action, condition, roles, lists (_slots)
         ──► mentions of instruments and actors (_lexicon + lexicon.yaml)
         ──► the draft annotations.yaml (draft)

Rule-based and transparent: every rule is a regular expression or a word list, documented in
``docs/extraction.md`` and tested on realistic sentences (``tests/extract/test_rules.py``).
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
