"""armswatch.store: the database of articles, sources, events and skipped inputs.

    from armswatch.store import open_store, EventQuery

    with open_store("armswatch.db") as store:       # or a postgresql+psycopg:// URL
        doc_id, is_new = store.add_article(article)
        store.replace_events(doc_id, events, extractor_version="1")
        for event_id, event in store.events(EventQuery(party="RUS", year_from=2015)):
            ...

The schema is migrated to the newest revision whenever a store is opened.
The ORM classes (``armswatch.store.schema``) and ``Store.session()`` are for
stages that build on the tables directly, such as deal linking.
"""

from armswatch.store.queries import EventQuery
from armswatch.store.store import (
    Store,
    StoreStats,
    UnknownDocument,
    UnknownEvent,
    open_store,
)

__all__ = ["EventQuery", "Store", "StoreStats", "UnknownDocument", "UnknownEvent", "open_store"]
