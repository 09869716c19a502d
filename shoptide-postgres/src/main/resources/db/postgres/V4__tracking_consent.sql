-- tracker.js consent mode: when true, the shop's pages load the tracker so that it stores and sends nothing before
-- the visitor consents (issue 6).
ALTER TABLE shops ADD COLUMN tracking_consent_required BOOLEAN NOT NULL DEFAULT FALSE;
