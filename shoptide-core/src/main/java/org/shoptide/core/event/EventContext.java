package org.shoptide.core.event;

/** Where an event happened: page URL or name, recommendation scenario and the recommendation id. */
public record EventContext(String page, String scenario, String recommendationId) {
    public static final EventContext EMPTY = new EventContext(null, null, null);

    public boolean isEmpty() {
        return page == null && scenario == null && recommendationId == null;
    }
}
