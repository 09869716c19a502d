-- name: stg_identities
-- version: 1
-- description: e-mail hash -> customer key. An e-mail seen with a shop user id (in the order export or the social
--   feed) belongs to u:USERID; otherwise the customer is e:EMAILHASH. The smallest user id wins when several.
-- depends: stg_orders_shop2, stg_social_profiles
-- test: unique(email_hash)
-- test: not_null(customer_key)
SELECT email_hash,
       CASE WHEN min(user_id) IS NOT NULL THEN ('u:' || min(user_id)) ELSE ('e:' || email_hash) END
         AS customer_key,
       min(user_id) AS user_id,
       min(phone_hash) AS phone_hash
FROM (
  SELECT email_hash, user_id, phone_hash FROM stg_orders_shop2
  UNION ALL
  SELECT email_hash, user_id, CAST(NULL AS STRING) AS phone_hash FROM stg_social_profiles
) i
WHERE email_hash IS NOT NULL
GROUP BY email_hash
