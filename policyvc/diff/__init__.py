"""Diffing two parsed policies: sections aligned (renames, moves, splits), then blocks, then words.

Entry points: `changeset.diff_documents(old, new) -> ChangeSet` and `redline.redline(old, new) -> Segments`.
"""
