package dev.incidentbot.bot.outbox;

/**
 * A stored delivery. {@code lane} orders deliveries: rows of one lane are performed strictly one after another
 * (one lane per incident; replies outside incidents get their own lanes). {@code incident} is 0 outside incidents.
 */
public record OutboxRow(long id, String lane, String platform, long incident, Delivery delivery, int attempts) {}
