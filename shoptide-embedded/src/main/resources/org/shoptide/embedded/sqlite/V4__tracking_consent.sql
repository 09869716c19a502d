-- tracker.js consent mode: when 1, the shop's pages load the tracker so that it stores and sends nothing before the
-- visitor consents (issue 6).
ALTER TABLE shops ADD COLUMN tracking_consent_required INTEGER NOT NULL DEFAULT 0;
