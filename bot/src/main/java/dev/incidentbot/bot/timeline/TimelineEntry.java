package dev.incidentbot.bot.timeline;

import dev.incidentbot.chat.Person;
import java.time.Instant;

/** A stored timeline event with its place in the hash chain. */
public record TimelineEntry(long incident, int seq, String type, Person actor, Instant at, String payload,
                            String prevHash, String hash) {
}
