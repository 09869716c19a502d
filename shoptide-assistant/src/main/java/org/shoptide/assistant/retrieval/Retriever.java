package org.shoptide.assistant.retrieval;

import java.util.List;
import org.shoptide.assistant.catalog.CatalogIndex;
import org.shoptide.assistant.catalog.CatalogQuery;
import org.shoptide.assistant.catalog.IndexedItem;

/**
 * Finds the candidate items of a search, best first. {@link LexicalRetriever} (BM25) is the one shipped; an embedding
 * retriever (a MiniLM or bge-small model shipped as a Maven artifact) would implement this seam too and be fused with
 * the lexical list, but no such model is bundled yet (about 120 MB each).
 */
public interface Retriever {

    /** At most {@code k} items satisfying every constraint of {@code query}, best first. */
    List<IndexedItem> retrieve(CatalogIndex index, CatalogQuery query, int k);
}
