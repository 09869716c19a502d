package org.shoptide.core.port;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityLink;
import org.shoptide.core.shop.ShopId;

/**
 * The identity graph of each shop: identifiers of people (user ids, hashed e-mails and phones, anonymous and device
 * ids) and the links linking rules found between them (ADR 0032). Contract: {@code IdentityGraphStoreContract} in
 * shoptide-testing.
 * <ul>
 * <li>A link is keyed by its two identifiers (stored smaller first) and its rule: linking the same pair by the same
 * rule again adds the source to the link's sources and changes nothing else; in particular an undone link stays undone
 * (an operator's undo is not overridden by the next load).
 * <li>Linking stores both identifiers as nodes too. Ids of links are positive and unique per shop.
 * <li>{@link #undo} marks a link undone once; it is kept for the record and no longer {@link IdentityLink#active()}.
 * <li>{@link #delete} removes identifiers and every link touching them (erasure). Shops are isolated; acknowledged
 * writes are durable.
 * </ul>
 */
public interface IdentityGraphStore {

    /** Stores the identifier as a node seen in {@code source} (idempotent; the first-seen time is kept). */
    void addIdentifier(ShopId shop, Identifier identifier, String source);

    /**
     * Stores a link between two different identifiers (in either order), or adds {@code source} to the existing link of
     * the same pair and rule.
     *
     * @return the stored link
     *
     * @throws IllegalArgumentException
     *             when the identifiers are equal or the confidence is outside [0, 1]
     */
    IdentityLink link(ShopId shop, Identifier one, Identifier other, String rule, double confidence, String source);

    Optional<IdentityLink> link(ShopId shop, long linkId);

    /** Every link of the shop, active and undone, by id. */
    List<IdentityLink> links(ShopId shop);

    /** The links touching the identifier, active and undone, by id. */
    List<IdentityLink> linksOf(ShopId shop, Identifier identifier);

    /** Whether the shop has the identifier as a node. */
    boolean contains(ShopId shop, Identifier identifier);

    /**
     * Marks the link undone at {@code at}, unless it already is (then it keeps its first undo time).
     *
     * @return the link after the call, empty when the shop has no such link
     */
    Optional<IdentityLink> undo(ShopId shop, long linkId, Instant at);

    /** Deletes the identifiers and every link touching them; returns how many links were deleted. */
    int delete(ShopId shop, Collection<Identifier> identifiers);
}
