-- name: stg_purchase_lines
-- version: 1
-- description: every purchase line of a known customer from the shop's events (price in major units -> minor,
--   assuming a two-decimal currency) and from the second shop's export
-- depends: events, stg_catalog, stg_orders_shop2, stg_identities
-- test: not_null(customer_key)
-- test: not_null(purchase_day)
-- test: accepted_values(source, 'events', 'shop2_orders')
SELECT ('u:' || e.user_id) AS customer_key, 'events' AS source, ('events:' || e.order_id) AS order_id,
       CAST(e.day AS DATE) AS purchase_day, c.category, c.brand,
       CAST(round(e.li.price * 100) AS BIGINT) AS unit_price_minor, e.li.quantity AS quantity,
       CAST(round(e.li.price * 100) AS BIGINT) * e.li.quantity AS line_minor, false AS discounted
FROM (
  SELECT user_id, order_id, day, explode(line_items) AS li
  FROM events
  WHERE event_type = 'purchase' AND user_id IS NOT NULL
) e
LEFT JOIN stg_catalog c ON c.item_id = e.li.item_id
UNION ALL
SELECT coalesce(('u:' || o.user_id), i.customer_key) AS customer_key, 'shop2_orders' AS source,
       ('shop2:' || o.order_id) AS order_id, o.order_date AS purchase_day, o.category, o.brand,
       o.unit_price_minor, o.quantity, o.unit_price_minor * o.quantity - o.discount_minor AS line_minor,
       o.discount_minor > 0 AS discounted
FROM stg_orders_shop2 o
LEFT JOIN stg_identities i ON i.email_hash = o.email_hash
