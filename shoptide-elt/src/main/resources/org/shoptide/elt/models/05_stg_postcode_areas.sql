-- name: stg_postcode_areas
-- version: 1
-- description: postcode outward code to area name and tier (newest load wins)
-- depends: raw_postcode_areas
-- test: unique(outward_code)
-- test: accepted_values(tier, 'premium', 'standard', 'budget')
SELECT upper(trim(outward_code)) AS outward_code, area_name, tier
FROM (
  SELECT a.*, row_number() OVER (PARTITION BY upper(trim(outward_code)) ORDER BY load_id DESC) AS rn
  FROM raw_postcode_areas a
) a
WHERE rn = 1
