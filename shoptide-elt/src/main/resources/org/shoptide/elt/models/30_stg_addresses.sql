-- name: stg_addresses
-- version: 1
-- description: each customer's most recent address (a property purchase or an order's delivery postcode, up to
--   the run's day) with its area from the postcode table
-- depends: stg_property_purchases, stg_orders_shop2, stg_identities, stg_postcode_areas
-- test: unique(customer_key)
SELECT a.customer_key, a.postcode, a.address_source, p.area_name, p.tier
FROM (
  SELECT customer_key, postcode, address_source,
         row_number() OVER (PARTITION BY customer_key ORDER BY seen DESC, postcode) AS rn
  FROM (
    SELECT i.customer_key, r.postcode, r.completion_date AS seen, 'property_register' AS address_source
    FROM stg_property_purchases r JOIN stg_identities i ON i.email_hash = r.buyer_email_hash
    WHERE r.completion_date <= {{as_of}}
    UNION ALL
    SELECT coalesce(('u:' || o.user_id), i.customer_key), o.postcode, o.order_date, 'shop2_orders'
    FROM stg_orders_shop2 o LEFT JOIN stg_identities i ON i.email_hash = o.email_hash
    WHERE o.postcode IS NOT NULL AND o.order_date <= {{as_of}}
  ) x
) a
LEFT JOIN stg_postcode_areas p ON p.outward_code = upper(split_part(trim(a.postcode), ' ', 1))
WHERE a.rn = 1
