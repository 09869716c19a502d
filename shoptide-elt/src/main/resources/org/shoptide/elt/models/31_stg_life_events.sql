-- name: stg_life_events
-- version: 1
-- description: life events per customer within 180 days up to the run's day. moved_house: the latest property
--   purchase in the register. renovating: the latest day that starts a 14-day window holding at least 3 purchase
--   lines in renovation categories.
-- depends: stg_property_purchases, stg_identities, stg_renovation_days
-- test: not_null(customer_key)
-- test: not_null(event_date)
-- test: accepted_values(kind, 'moved_house', 'renovating')
SELECT i.customer_key, 'moved_house' AS kind, max(r.completion_date) AS event_date,
       'property_register' AS source
FROM stg_property_purchases r
JOIN stg_identities i ON i.email_hash = r.buyer_email_hash
WHERE r.completion_date <= {{as_of}} AND unix_date({{as_of}}) - unix_date(r.completion_date) <= 180
GROUP BY i.customer_key
UNION ALL
SELECT customer_key, 'renovating' AS kind, max(purchase_day) AS event_date, min(source) AS source
FROM (
  SELECT d1.customer_key, d1.purchase_day, min(d1.source) AS source
  FROM stg_renovation_days d1
  JOIN stg_renovation_days d2
    ON d2.customer_key = d1.customer_key
   AND unix_date(d2.purchase_day) - unix_date(d1.purchase_day) BETWEEN 0 AND 13
  GROUP BY d1.customer_key, d1.purchase_day
  HAVING sum(d2.n) >= 3
) w
GROUP BY customer_key
