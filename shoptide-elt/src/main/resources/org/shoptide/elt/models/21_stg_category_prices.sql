-- name: stg_category_prices
-- version: 1
-- description: median unit price (minor units) of purchased lines per category, for price sensitivity
-- depends: stg_purchase_lines
-- test: unique(category)
SELECT category, median(unit_price_minor) AS median_unit_minor
FROM stg_purchase_lines
WHERE category IS NOT NULL
GROUP BY category
