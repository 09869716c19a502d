-- name: stg_contributions
-- version: 1
-- description: which source contributed a record to which customer key
-- depends: events, stg_purchase_lines, stg_social_profiles, stg_identities, stg_property_purchases, stg_addresses
-- test: not_null(customer_key)
-- test: accepted_values(source, 'events', 'shop2_orders', 'social_profiles', 'property_register', 'postcode_areas')
SELECT customer_key, source
FROM (
  SELECT customer_key, source FROM stg_purchase_lines
  UNION ALL
  SELECT ('u:' || user_id) AS customer_key, 'events' AS source FROM events WHERE user_id IS NOT NULL
  UNION ALL
  SELECT coalesce(('u:' || s.user_id), i.customer_key) AS customer_key, 'social_profiles' AS source
  FROM stg_social_profiles s LEFT JOIN stg_identities i ON i.email_hash = s.email_hash
  UNION ALL
  SELECT i.customer_key, 'property_register' AS source
  FROM stg_property_purchases r JOIN stg_identities i ON i.email_hash = r.buyer_email_hash
  UNION ALL
  SELECT customer_key, 'postcode_areas' AS source FROM stg_addresses WHERE area_name IS NOT NULL
) c
WHERE customer_key IS NOT NULL
GROUP BY customer_key, source
