-- The dispatcher's claim walks pending deliveries in id order and stops after a few dozen heads
-- (WebhookDispatcher.CLAIM): this index lets it read them in that order without sorting the backlog.
CREATE INDEX webhook_deliveries_pending_id_idx ON webhook_deliveries (id) WHERE status = 'pending';
