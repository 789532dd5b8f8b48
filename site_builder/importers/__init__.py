"""Catalog import: courses from open-Qcat (KURSNET / mein NOW) and Open-vhs as offer files.

``command`` is the CLI entry, ``engine`` merges, validates and writes, ``openqcat`` and
``openvhs`` read one format each into ``Course`` records (see ``common``). The editor-facing
rules are in docs/import.md.
"""
