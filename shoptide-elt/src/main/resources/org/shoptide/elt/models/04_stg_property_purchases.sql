-- name: stg_property_purchases
-- version: 1
-- description: property-register purchases, one row per transaction
-- depends: raw_property_register
-- test: not_null(transaction_id)
-- test: unique(transaction_id)
-- test: not_null(completion_date)
SELECT transaction_id, buyer_email AS buyer_email_hash, postcode, try_cast(price_minor AS BIGINT) AS price_minor,
       CAST(completion_date AS DATE) AS completion_date, property_type
FROM (
  SELECT r.*, row_number() OVER (PARTITION BY transaction_id ORDER BY load_id DESC) AS rn
  FROM raw_property_register r
) r
WHERE rn = 1
