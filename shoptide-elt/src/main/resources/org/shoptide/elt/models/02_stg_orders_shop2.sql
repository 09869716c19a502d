-- name: stg_orders_shop2
-- version: 1
-- description: the second shop's order lines, typed, one row per (order, sku), newest load wins
-- depends: raw_shop2_orders
-- test: not_null(order_id)
-- test: not_null(email_hash)
-- test: accepted_values(channel, 'web', 'store')
SELECT order_id, CAST(order_date AS DATE) AS order_date, email AS email_hash, phone AS phone_hash,
       nullif(trim(user_id), '') AS user_id, sku, category, brand,
       try_cast(unit_price_minor AS BIGINT) AS unit_price_minor, try_cast(quantity AS INT) AS quantity,
       coalesce(try_cast(discount_minor AS BIGINT), 0) AS discount_minor, postcode, channel
FROM (
  SELECT o.*, row_number() OVER (PARTITION BY order_id, sku ORDER BY load_id DESC) AS rn
  FROM raw_shop2_orders o
) o
WHERE rn = 1
