package org.shoptide.assistant.retrieval;

import java.util.List;
import org.shoptide.assistant.catalog.CatalogIndex;
import org.shoptide.assistant.catalog.CatalogQuery;
import org.shoptide.assistant.catalog.IndexedItem;

/**
 * BM25 over the catalog index. The shop category the parser mapped the product type onto is a soft constraint: when
 * nothing matches inside it (a mapping that does not fit this catalog), the search is repeated without it, since the
 * product type's names still have to match.
 */
public final class LexicalRetriever implements Retriever {

    @Override
    public List<IndexedItem> retrieve(CatalogIndex index, CatalogQuery query, int k) {
        List<IndexedItem> hits = index.search(query, k);
        if (hits.isEmpty() && query.category() != null) {
            return index.search(query.withoutCategory(), k);
        }
        return hits;
    }
}
