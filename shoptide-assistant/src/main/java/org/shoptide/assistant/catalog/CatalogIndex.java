package org.shoptide.assistant.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.shoptide.assistant.catalog.CatalogQuery.WeightedText;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.core.catalog.Item;

/**
 * The in-memory lexical index of one shop's catalog (Lucene, {@link ByteBuffersDirectory}, BM25 with Lucene's defaults
 * k1 = 1.2, b = 0.75; Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009).
 * <p>
 * Each item is one document with two text fields per language: {@code title_xx} (title, category names, brand) and
 * {@code body_xx} (description, tags, attribute values), analysed with {@link Analyzers} for that language. A field's
 * language is detected from its script ({@link Scripts}). Localised text is read from attributes named
 * {@code <field>_<lang>} ({@code title_zh}, {@code title_ru}, {@code category_en}, {@code description_ru}): such a
 * value goes to that language's field whatever its script, titles and categories to {@code title_xx}, the rest to
 * {@code body_xx}. The brand is a lower-case keyword ({@code brand}), each level of the category path a lower-case
 * keyword ({@code cat}), the price a point in minor units ({@code price}) with its currency ({@code currency}).
 * <p>
 * {@link #sync} brings the index up to date with a catalog incrementally: only items whose {@code updatedAt} (or
 * content, when the source sets none) changed are re-analysed, and items no longer listed are deleted. Searches run
 * concurrently with a sync on near-real-time readers. Thread-safe.
 */
public final class CatalogIndex implements AutoCloseable {
    static final String ID = "id";
    static final String BRAND = "brand";
    static final String CATEGORY = "cat";
    static final String PRICE = "price";
    static final String CURRENCY = "currency";
    static final String STOCK = "stock";
    private static final float TITLE_BOOST = 2f;
    private static final int POPULAR_CATEGORIES = 5;

    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, IndexedItem> items = new ConcurrentHashMap<>();
    private final Map<Language, QueryBuilder> queryBuilders = new EnumMap<>(Language.class);
    private volatile CatalogFacts facts;

    public CatalogIndex(Analyzers analyzers) {
        Objects.requireNonNull(analyzers, "analyzers");
        Map<String, Analyzer> perField = new HashMap<>();
        for (Language l : Language.values()) {
            perField.put(title(l), analyzers.analyzer(l));
            perField.put(body(l), analyzers.analyzer(l));
            queryBuilders.put(l, new QueryBuilder(analyzers.analyzer(l)));
        }
        IndexWriterConfig config = new IndexWriterConfig(
                new PerFieldAnalyzerWrapper(analyzers.analyzer(Language.EN), perField));
        config.setSimilarity(new BM25Similarity());
        config.setRAMBufferSizeMB(64);
        try {
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String title(Language l) {
        return "title_" + l.code();
    }

    private static String body(Language l) {
        return "body_" + l.code();
    }

    /**
     * Makes the index hold exactly {@code catalog}: new and changed items are (re-)indexed, missing ones deleted.
     *
     * @return how many items were (re-)indexed or deleted
     */
    public synchronized int sync(Iterable<Item> catalog) {
        Set<String> seen = new HashSet<>();
        int changed = 0;
        try {
            for (Item item : catalog) {
                seen.add(item.id());
                IndexedItem old = items.get(item.id());
                if (old != null && unchanged(old.item(), item)) {
                    continue;
                }
                IndexedItem indexed = IndexedItem.of(item);
                writer.updateDocument(new Term(ID, item.id()), document(indexed));
                items.put(item.id(), indexed);
                changed++;
            }
            for (String id : List.copyOf(items.keySet())) {
                if (!seen.contains(id)) {
                    writer.deleteDocuments(new Term(ID, id));
                    items.remove(id);
                    changed++;
                }
            }
            if (changed > 0) {
                searchers.maybeRefreshBlocking();
                facts = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return changed;
    }

    private static boolean unchanged(Item old, Item now) {
        return (old.updatedAt() != null && now.updatedAt() != null) ? old.updatedAt().equals(now.updatedAt())
                : old.equals(now);
    }

    private Document document(IndexedItem indexed) {
        Item item = indexed.item();
        Document doc = new Document();
        doc.add(new StringField(ID, item.id(), Field.Store.YES));
        Map<String, StringBuilder> text = new LinkedHashMap<>();
        addText(text, true, item.title(), null);
        addText(text, true, item.brand(), null);
        item.categoryPath().forEach(c -> addText(text, true, c, null));
        addText(text, false, item.description(), null);
        item.tags().forEach(t -> addText(text, false, t, null));
        for (Map.Entry<String, String> a : item.attributes().entrySet()) {
            Language localised = localisedLanguage(a.getKey());
            if (localised == null) {
                addText(text, false, a.getValue(), null);
            } else {
                String base = a.getKey().substring(0, a.getKey().length() - 3);
                boolean isTitle = base.equals("title") || base.equals("category") || base.equals("name");
                addText(text, isTitle, a.getValue(), localised);
            }
        }
        text.forEach((field, value) -> doc.add(new TextField(field, value.toString(), Field.Store.NO)));
        if (item.brand() != null && !item.brand().isBlank()) {
            doc.add(new StringField(BRAND, lower(item.brand()), Field.Store.NO));
        }
        for (String c : item.categoryPath()) {
            doc.add(new StringField(CATEGORY, lower(c), Field.Store.NO));
        }
        for (Map.Entry<String, String> a : item.attributes().entrySet()) {
            if (a.getKey().startsWith("category_") && localisedLanguage(a.getKey()) != null) {
                doc.add(new StringField(CATEGORY, lower(a.getValue()), Field.Store.NO));
            }
        }
        if (indexed.hasPrice()) {
            doc.add(new LongPoint(PRICE, indexed.priceMinor()));
            doc.add(new StringField(CURRENCY, indexed.currency(), Field.Store.NO));
        }
        doc.add(new StringField(STOCK, item.inStock() ? "1" : "0", Field.Store.NO));
        return doc;
    }

    /** The language a {@code <field>_<lang>} attribute name declares, or null. */
    static Language localisedLanguage(String attribute) {
        int n = attribute.length();
        if (n < 4 || attribute.charAt(n - 3) != '_') {
            return null;
        }
        String code = attribute.substring(n - 2);
        for (Language l : Language.values()) {
            if (l.code().equals(code)) {
                return l;
            }
        }
        return null;
    }

    private static void addText(Map<String, StringBuilder> text, boolean isTitle, String value, Language declared) {
        if (value == null || value.isBlank()) {
            return;
        }
        Language l = declared != null ? declared : Scripts.languageOf(value);
        text.computeIfAbsent(isTitle ? title(l) : body(l), k -> new StringBuilder()).append(value).append('\n');
    }

    static String lower(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }

    /** The indexed item with this id, or null. */
    public IndexedItem item(String id) {
        return items.get(id);
    }

    /** All indexed items (a live view). */
    public Iterable<IndexedItem> items() {
        return items.values();
    }

    public int size() {
        return items.size();
    }

    /**
     * The best {@code k} items for a query, best first. Without any text the constraints alone select, in id order.
     */
    public List<IndexedItem> search(CatalogQuery query, int k) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        Query required = disjunction(query.required());
        Query optional = disjunction(query.optional());
        if (required != null) {
            q.add(required, Occur.MUST);
            if (optional != null) {
                q.add(optional, Occur.SHOULD);
            }
        } else if (optional != null) {
            q.add(optional, Occur.MUST);
        } else if (!query.required().isEmpty() || !query.optional().isEmpty()) {
            return List.of();
        } else {
            q.add(MatchAllDocsQuery.INSTANCE, Occur.MUST);
        }
        addFilters(q, query);
        return run(q.build(), k);
    }

    private List<IndexedItem> run(Query query, int k) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                ScoreDoc[] docs = searcher.search(query, Math.max(1, k)).scoreDocs;
                StoredFields stored = searcher.storedFields();
                List<IndexedItem> out = new ArrayList<>(docs.length);
                for (ScoreDoc d : docs) {
                    IndexedItem item = items.get(stored.document(d.doc, Set.of(ID)).get(ID));
                    if (item != null) {
                        out.add(item);
                    }
                }
                return out;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The items whose titles share most words with {@code text}, best first: the products a reply may be naming.
     */
    public List<IndexedItem> titlesLike(String text, int k) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int clauses = 0;
        for (Language l : Language.values()) {
            Query q = queryBuilders.get(l).createBooleanQuery(title(l), text, Occur.SHOULD);
            if (q != null) {
                any.add(q, Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? List.of() : run(any.build(), k);
    }

    private static void addFilters(BooleanQuery.Builder q, CatalogQuery query) {
        if (query.minPriceMinor() != null || query.maxPriceMinor() != null) {
            long min = query.minPriceMinor() == null ? 0 : query.minPriceMinor();
            long max = query.maxPriceMinor() == null ? Long.MAX_VALUE : query.maxPriceMinor();
            q.add(LongPoint.newRangeQuery(PRICE, min, max), Occur.FILTER);
            if (query.currency() != null) {
                q.add(new TermQuery(new Term(CURRENCY, query.currency().toUpperCase(Locale.ROOT))), Occur.FILTER);
            }
        }
        if (!query.brands().isEmpty()) {
            q.add(anyTerm(BRAND, query.brands()), Occur.FILTER);
        }
        for (String b : query.excludedBrands()) {
            q.add(new TermQuery(new Term(BRAND, lower(b))), Occur.MUST_NOT);
        }
        if (query.category() != null) {
            q.add(new TermQuery(new Term(CATEGORY, lower(query.category()))), Occur.FILTER);
        }
        for (String id : query.excludedIds()) {
            q.add(new TermQuery(new Term(ID, id)), Occur.MUST_NOT);
        }
        if (query.inStockOnly()) {
            q.add(new TermQuery(new Term(STOCK, "1")), Occur.FILTER);
        }
    }

    private static Query anyTerm(String field, Set<String> values) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        values.forEach(v -> any.add(new TermQuery(new Term(field, lower(v))), Occur.SHOULD));
        return any.build();
    }

    /**
     * One clause per text: a text in Han or Cyrillic script is searched in its language's fields, a Latin-only text
     * (English words, brand names) in every language's fields, since catalogs in Chinese and Russian write those in
     * Latin letters too. Every word of a text must match in one field, so "running shoes" does not match "shoes".
     */
    private Query disjunction(List<WeightedText> texts) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int clauses = 0;
        for (WeightedText t : texts) {
            if (t.text() == null || t.text().isBlank() || clauses >= IndexSearcher.getMaxClauseCount() / 8) {
                continue;
            }
            List<Language> languages = Scripts.latinOnly(t.text()) ? List.of(Language.values())
                    : List.of(Scripts.languageOf(t.text()));
            for (Language l : languages) {
                QueryBuilder builder = queryBuilders.get(l);
                Query inTitle = builder.createBooleanQuery(title(l), t.text(), Occur.MUST);
                Query inBody = builder.createBooleanQuery(body(l), t.text(), Occur.MUST);
                if (inTitle != null) {
                    any.add(new BoostQuery(inTitle, t.weight() * TITLE_BOOST), Occur.SHOULD);
                    clauses++;
                }
                if (inBody != null) {
                    any.add(new BoostQuery(inBody, t.weight()), Occur.SHOULD);
                    clauses++;
                }
            }
        }
        return clauses == 0 ? null : any.build();
    }

    /**
     * What the parser needs to know of this catalog: its category paths, localised category names (from
     * {@code category_<lang>} attributes), brands and attribute values; the shop's currency is the most common one.
     */
    public CatalogFacts facts() {
        CatalogFacts f = facts;
        if (f == null) {
            f = computeFacts();
            facts = f;
        }
        return f;
    }

    private CatalogFacts computeFacts() {
        Map<String, Integer> leaves = new HashMap<>();
        Map<String, Map<Language, String>> leafNames = new HashMap<>();
        Map<String, Integer> currencies = new HashMap<>();
        Set<List<String>> paths = new HashSet<>();
        Map<String, Set<String>> localised = new TreeMap<>();
        Set<String> brands = new HashSet<>();
        Map<String, Set<String>> attributes = new TreeMap<>();
        for (IndexedItem i : items.values()) {
            Item item = i.item();
            if (i.currency() != null) {
                currencies.merge(i.currency(), 1, Integer::sum);
            }
            if (!item.categoryPath().isEmpty()) {
                paths.add(item.categoryPath());
                leaves.merge(item.category(), 1, Integer::sum);
                for (Language l : Language.values()) {
                    String name = item.attributes().get("category_" + l.code());
                    if (name != null && !name.isBlank()) {
                        leafNames.computeIfAbsent(item.category(), c -> new EnumMap<>(Language.class)).putIfAbsent(l,
                                name.strip());
                    }
                }
            }
            if (item.brand() != null && !item.brand().isBlank()) {
                brands.add(item.brand().strip());
            }
            for (Map.Entry<String, String> a : item.attributes().entrySet()) {
                if (a.getKey().startsWith("category_") && localisedLanguage(a.getKey()) != null
                        && item.category() != null) {
                    localised.computeIfAbsent(item.category(), c -> new HashSet<>()).add(a.getValue());
                } else if (localisedLanguage(a.getKey()) == null && attributes.size() < 200) {
                    attributes.computeIfAbsent(a.getKey(), k -> new HashSet<>()).add(a.getValue());
                }
            }
        }
        String currency = currencies.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("USD");
        Map<String, List<String>> localisedLists = new TreeMap<>();
        localised.forEach((k, v) -> localisedLists.put(k, v.stream().sorted().toList()));
        Map<String, List<String>> attributeLists = new TreeMap<>();
        attributes.forEach((k, v) -> attributeLists.put(k, v.stream().sorted().limit(500).toList()));
        List<String> top = leaves.entrySet().stream()
                .sorted(Map.Entry.<String, Integer> comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(POPULAR_CATEGORIES).map(Map.Entry::getKey).toList();
        Map<Language, List<String>> popular = new EnumMap<>(Language.class);
        for (Language l : Language.values()) {
            popular.put(l, top.stream().map(c -> leafNames.getOrDefault(c, Map.of()).getOrDefault(l, c)).toList());
        }
        return new CatalogFacts(currency, paths.stream().sorted(CatalogIndex::comparePaths).toList(), localisedLists,
                brands.stream().sorted().toList(), attributeLists, popular);
    }

    private static int comparePaths(List<String> a, List<String> b) {
        return String.join("/", a).compareTo(String.join("/", b));
    }

    /**
     * Facts of the indexed catalog; see {@link #facts()}. {@code popularCategories}: the leaf categories with most
     * items, named in each language where the catalog has {@code category_<lang>}.
     */
    public record CatalogFacts(String currency, List<List<String>> categoryPaths,
            Map<String, List<String>> localisedCategories, List<String> brands,
            Map<String, List<String>> attributeValues, Map<Language, List<String>> popularCategories) {
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
