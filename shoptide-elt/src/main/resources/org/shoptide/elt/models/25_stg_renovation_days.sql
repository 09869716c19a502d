-- name: stg_renovation_days
-- version: 1
-- description: purchase lines in renovation categories (paint, flooring, tiles, tools, diy) per customer and day,
--   within 180 days up to the run's day
-- depends: stg_purchase_lines
-- test: not_null(customer_key)
SELECT customer_key, purchase_day, min(source) AS source, count(*) AS n
FROM stg_purchase_lines
WHERE category IN ('paint', 'flooring', 'tiles', 'tools', 'diy')
  AND purchase_day <= {{as_of}} AND unix_date({{as_of}}) - unix_date(purchase_day) <= 180
GROUP BY customer_key, purchase_day
