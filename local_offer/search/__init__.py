"""Directory search behind one interface, on the database's own full-text engine.

SQLite uses an FTS5 table with the Porter stemmer; PostgreSQL a weighted ``tsvector`` with a
GIN index and pg_trgm. Both rank name matches first. Before the engine sees a query, it is
expanded with the editable synonym file and misspelt words are corrected against the words
actually in the index (rapidfuzz), so "autsim" and "autism" find the same services.
"""

from local_offer.search.indexing import index_services, rebuild_index, remove_from_index
from local_offer.search.query import SearchFilters, SearchRequest, SearchResult, search_services

__all__ = [
    "SearchFilters",
    "SearchRequest",
    "SearchResult",
    "index_services",
    "rebuild_index",
    "remove_from_index",
    "search_services",
]
