-- name: stg_social_profiles
-- version: 1
-- description: the latest version of each social profile (by updated_at, then load)
-- depends: raw_social_profiles
-- test: not_null(profile_id)
-- test: unique(profile_id)
SELECT id AS profile_id, email AS email_hash, nullif(user_id, 'null') AS user_id, handle, interests,
       updated_at
FROM (
  SELECT p.*, row_number() OVER (PARTITION BY id ORDER BY updated_at DESC, load_id DESC) AS rn
  FROM raw_social_profiles p
) p
WHERE rn = 1
