-- name: stg_category_affinity
-- version: 1
-- description: each customer's top three categories by share of their purchase lines and item views
-- depends: stg_purchase_lines, stg_views
-- test: not_null(customer_key)
-- test: accepted_values(rk, '1', '2', '3')
SELECT customer_key, category, share, rk
FROM (
  SELECT c.customer_key, c.category, c.n / t.total AS share,
         row_number() OVER (PARTITION BY c.customer_key ORDER BY c.n DESC, c.category) AS rk
  FROM (
    SELECT customer_key, category, CAST(count(*) AS DOUBLE) AS n
    FROM (
      SELECT customer_key, category FROM stg_purchase_lines
      UNION ALL
      SELECT customer_key, category FROM stg_views
    ) a
    WHERE category IS NOT NULL
    GROUP BY customer_key, category
  ) c
  JOIN (
    SELECT customer_key, CAST(count(*) AS DOUBLE) AS total
    FROM (
      SELECT customer_key, category FROM stg_purchase_lines
      UNION ALL
      SELECT customer_key, category FROM stg_views
    ) a
    WHERE category IS NOT NULL
    GROUP BY customer_key
  ) t ON t.customer_key = c.customer_key
) r
WHERE rk <= 3
