-- name: stg_catalog
-- version: 1
-- description: the latest version of each catalog item (reference data: the newest load wins)
-- depends: raw_catalog
-- test: not_null(item_id)
-- test: unique(item_id)
SELECT item_id, category, brand, try_cast(price_minor AS BIGINT) AS price_minor
FROM (
  SELECT item_id, category, brand, price_minor,
         row_number() OVER (PARTITION BY item_id ORDER BY load_id DESC) AS rn
  FROM raw_catalog
  WHERE item_id IS NOT NULL
) c
WHERE rn = 1
