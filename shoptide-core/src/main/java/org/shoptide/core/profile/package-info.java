/**
 * The customer-360 mart as the rest of the server reads it: one {@link org.shoptide.core.profile.CustomerRow} per
 * customer key of a shop, built by the ELT pipeline (shoptide-elt) from the shop's event lake and its outside sources,
 * read through the {@link org.shoptide.core.profile.CustomerMart} port. Money is a {@code long} amount of the shop's
 * currency's minor unit; personal identifiers (e-mail, phone) appear only as SHA-256 hashes salted per shop.
 */
package org.shoptide.core.profile;
