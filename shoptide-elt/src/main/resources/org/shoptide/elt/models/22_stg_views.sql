-- name: stg_views
-- version: 1
-- description: item views of known users with the item's category
-- depends: events, stg_catalog
-- test: not_null(customer_key)
SELECT ('u:' || e.user_id) AS customer_key, c.category
FROM events e
JOIN stg_catalog c ON c.item_id = e.item_id
WHERE e.event_type = 'view' AND e.user_id IS NOT NULL
