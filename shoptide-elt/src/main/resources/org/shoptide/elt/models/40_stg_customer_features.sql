-- name: stg_customer_features
-- version: 2
-- description: recency/frequency/monetary, price sensitivity and brand loyalty per customer with purchases.
--   price_sensitivity: share of purchase lines that were discounted or priced below their category's median unit
--   price. brand_loyalty: 1 - H / ln(n) over the customer's purchase lines by brand (H the Shannon entropy of the
--   brand shares, n the distinct brands); 1 with a single brand. Version 2: DOUBLE, not DECIMAL, literals (Spark
--   averages DECIMAL(2,1) to 5 places).
-- depends: stg_purchase_lines, stg_category_prices
-- test: unique(customer_key)
-- test: not_null(frequency)
SELECT f.customer_key, f.last_purchase, f.frequency, f.monetary_minor, f.price_sensitivity, b.brand_loyalty
FROM (
  SELECT l.customer_key, max(l.purchase_day) AS last_purchase, count(DISTINCT l.order_id) AS frequency,
         sum(l.line_minor) AS monetary_minor,
         avg(CASE WHEN l.discounted OR l.unit_price_minor < p.median_unit_minor THEN CAST(1 AS DOUBLE)
                  ELSE CAST(0 AS DOUBLE) END)
           AS price_sensitivity
  FROM stg_purchase_lines l
  LEFT JOIN stg_category_prices p ON p.category = l.category
  GROUP BY l.customer_key
) f
LEFT JOIN (
  SELECT customer_key,
         CASE WHEN count(*) = 1 THEN CAST(1 AS DOUBLE)
              ELSE 1 - (0 - sum(share * ln(share))) / ln(count(*)) END
           AS brand_loyalty
  FROM (
    SELECT b.customer_key, b.n / t.total AS share
    FROM (
      SELECT customer_key, brand, CAST(count(*) AS DOUBLE) AS n
      FROM stg_purchase_lines WHERE brand IS NOT NULL GROUP BY customer_key, brand
    ) b
    JOIN (
      SELECT customer_key, CAST(count(*) AS DOUBLE) AS total
      FROM stg_purchase_lines WHERE brand IS NOT NULL GROUP BY customer_key
    ) t ON t.customer_key = b.customer_key
  ) s
  GROUP BY customer_key
) b ON b.customer_key = f.customer_key
