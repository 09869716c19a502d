package org.shoptide.testing.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link ConversationStore} for tests. */
public final class InMemoryConversationStore implements ConversationStore {
    private record Key(ShopId shop, String id) {
    }

    private final Map<Key, ConversationRecord> conversations = new LinkedHashMap<>();
    private final Map<Key, List<TurnRecord>> turns = new HashMap<>();
    private final Map<ShopId, Map<String, String>> synonyms = new HashMap<>();

    @Override
    public synchronized void create(ConversationRecord conversation) {
        Key key = new Key(conversation.shop(), conversation.id());
        if (conversations.containsKey(key)) {
            throw new IllegalArgumentException("conversation " + conversation.id() + " exists already");
        }
        conversations.put(key, conversation);
        turns.put(key, new ArrayList<>());
    }

    @Override
    public synchronized Optional<ConversationRecord> get(ShopId shop, String conversationId) {
        return Optional.ofNullable(conversations.get(new Key(shop, conversationId)));
    }

    @Override
    public synchronized boolean appendTurn(ShopId shop, String conversationId, TurnRecord turn, String state) {
        Key key = new Key(shop, conversationId);
        ConversationRecord c = conversations.get(key);
        if (c == null) {
            throw new IllegalArgumentException("no conversation " + conversationId);
        }
        List<TurnRecord> list = turns.get(key);
        if (list.stream().anyMatch(t -> t.number() == turn.number())) {
            return false;
        }
        list.add(turn);
        list.sort(Comparator.comparingInt(TurnRecord::number));
        conversations.put(key, c.withState(state));
        return true;
    }

    @Override
    public synchronized List<TurnRecord> turns(ShopId shop, String conversationId) {
        return List.copyOf(turns.getOrDefault(new Key(shop, conversationId), List.of()));
    }

    @Override
    public synchronized List<ConversationRecord> byUser(ShopId shop, String userId, int limit) {
        return list(shop, c -> userId.equals(c.userId()), limit);
    }

    @Override
    public synchronized List<ConversationRecord> byAnonymous(ShopId shop, String anonymousId, int limit) {
        return list(shop, c -> anonymousId.equals(c.anonymousId()), limit);
    }

    @Override
    public synchronized List<ConversationRecord> recent(ShopId shop, int limit) {
        return list(shop, c -> true, limit);
    }

    private List<ConversationRecord> list(ShopId shop, Predicate<ConversationRecord> who, int limit) {
        return conversations.values().stream().filter(c -> c.shop().equals(shop)).filter(who)
                .sorted(Comparator.comparing(ConversationRecord::createdAt).reversed()
                        .thenComparing(ConversationRecord::id, Comparator.reverseOrder()))
                .limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized int deleteUser(ShopId shop, String userId) {
        List<Key> doomed = conversations.entrySet().stream()
                .filter(e -> e.getKey().shop().equals(shop) && userId.equals(e.getValue().userId()))
                .map(Map.Entry::getKey).toList();
        doomed.forEach(k -> {
            conversations.remove(k);
            turns.remove(k);
        });
        return doomed.size();
    }

    @Override
    public synchronized void replaceSynonyms(ShopId shop, Map<String, String> newSynonyms) {
        synonyms.put(shop, Map.copyOf(newSynonyms));
    }

    @Override
    public synchronized Map<String, String> synonyms(ShopId shop) {
        return synonyms.getOrDefault(shop, Map.of());
    }
}
