-- name: mart_customer_360
-- version: 1
-- description: one row per customer (a shop user id, else a hashed e-mail) of the shop's events, the second shop's
--   orders or the social feed; property register and postcode table only enrich. Read by CustomerMart.
-- depends: stg_contributions, stg_identities, events, stg_customer_features, stg_category_affinity, stg_life_events, stg_addresses
-- test: not_null(customer_key)
-- test: unique(customer_key)
-- test: not_null(sources)
-- test: accepted_values(area_tier, 'premium', 'standard', 'budget')
-- test: row_count(min=1)
SELECT u.customer_key,
       CASE WHEN u.customer_key LIKE 'u:%' THEN substr(u.customer_key, 3) END AS user_id,
       CASE WHEN u.customer_key LIKE 'e:%' THEN substr(u.customer_key, 3) ELSE k.email_hash END AS email_hash,
       k.phone_hash,
       a.anonymous_ids,
       f.last_purchase,
       CASE WHEN f.last_purchase IS NOT NULL THEN unix_date({{as_of}}) - unix_date(f.last_purchase) END
         AS recency_days,
       coalesce(f.frequency, 0) AS frequency,
       coalesce(f.monetary_minor, 0) AS monetary_minor,
       f.price_sensitivity,
       f.brand_loyalty,
       c.category_1, c.share_1, c.category_2, c.share_2, c.category_3, c.share_3,
       m.event_date AS moved_house_date,
       r.event_date AS renovating_date,
       ad.area_name AS area,
       ad.tier AS area_tier,
       u.sources
FROM (
  SELECT customer_key, array_join(array_sort(collect_set(source)), ',') AS sources,
         max(CASE WHEN source IN ('events', 'shop2_orders', 'social_profiles') THEN 1 ELSE 0 END) AS is_customer
  FROM stg_contributions
  GROUP BY customer_key
) u
LEFT JOIN (
  SELECT customer_key, min(email_hash) AS email_hash, min(phone_hash) AS phone_hash
  FROM stg_identities GROUP BY customer_key
) k ON k.customer_key = u.customer_key
LEFT JOIN (
  SELECT ('u:' || user_id) AS customer_key,
         array_join(array_sort(collect_set(anonymous_id)), ',') AS anonymous_ids
  FROM events WHERE user_id IS NOT NULL AND anonymous_id IS NOT NULL
  GROUP BY user_id
) a ON a.customer_key = u.customer_key
LEFT JOIN stg_customer_features f ON f.customer_key = u.customer_key
LEFT JOIN (
  SELECT customer_key,
         max(CASE WHEN rk = 1 THEN category END) AS category_1, max(CASE WHEN rk = 1 THEN share END) AS share_1,
         max(CASE WHEN rk = 2 THEN category END) AS category_2, max(CASE WHEN rk = 2 THEN share END) AS share_2,
         max(CASE WHEN rk = 3 THEN category END) AS category_3, max(CASE WHEN rk = 3 THEN share END) AS share_3
  FROM stg_category_affinity GROUP BY customer_key
) c ON c.customer_key = u.customer_key
LEFT JOIN (SELECT * FROM stg_life_events WHERE kind = 'moved_house') m ON m.customer_key = u.customer_key
LEFT JOIN (SELECT * FROM stg_life_events WHERE kind = 'renovating') r ON r.customer_key = u.customer_key
LEFT JOIN stg_addresses ad ON ad.customer_key = u.customer_key
WHERE u.is_customer = 1
