"""Directory search behind one interface, on the database's own full-text engine.

SQLite uses an FTS5 table with the Porter stemmer; PostgreSQL a weighted ``tsvector`` with a
GIN index and pg_trgm. Before the engine sees a query, understanding.py reads the parent's
words: misspelt words are corrected against the words in the index ("autsim" is "autism") but
real English words never are; phrases of the editable synonym file match both ways ("EHCP" and
"EHC plan"); words run together or apart match both ways ("afterschool", "after school").
The engine returns a bounded set of its best candidates, which ranking.py puts in final order:
exact names first, temporarily closed services after open ones.
"""

from local_offer.search.indexing import index_services, rebuild_index, remove_from_index
from local_offer.search.query import search_services
from local_offer.search.types import SearchFilters, SearchRequest, SearchResult

__all__ = [
    "SearchFilters",
    "SearchRequest",
    "SearchResult",
    "index_services",
    "rebuild_index",
    "remove_from_index",
    "search_services",
]
