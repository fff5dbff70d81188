"""Local language processing for the portal: pure Python on spaCy and rapidfuzz.

Nothing in this package imports Flask or the database, so every part can be used,
tested and benchmarked on its own.
"""
