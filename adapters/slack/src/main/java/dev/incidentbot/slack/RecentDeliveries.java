package dev.incidentbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The envelopes seen lately, by every key that identifies their delivery ({@code envelope_id}, and the
 * {@code event_id} or {@code trigger_id} inside), each with the acknowledgement payload it got. Slack redelivers an
 * envelope whose acknowledgement it did not receive (a dropped socket, a slow ack); a redelivery is answered with the
 * first answer and not processed again. Bounded: the oldest keys are forgotten first.
 */
final class RecentDeliveries {

    /** What {@link #claim} decided. */
    sealed interface Claim {
        /** First sight: process it, then complete {@code answer} with the acknowledgement payload. */
        record First(CompletableFuture<Optional<JsonNode>> answer) implements Claim { }

        /** Seen before: acknowledge with {@code answer} once the first delivery has one; do not process. */
        record Repeat(CompletableFuture<Optional<JsonNode>> answer) implements Claim { }
    }

    private final Map<String, CompletableFuture<Optional<JsonNode>>> answers;

    RecentDeliveries(int capacity) {
        this.answers = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Optional<JsonNode>>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Claim claim(List<String> keys) {
        for (String key : keys) {
            CompletableFuture<Optional<JsonNode>> earlier = answers.get(key);
            if (earlier != null) {
                keys.forEach(k -> answers.putIfAbsent(k, earlier));
                return new Claim.Repeat(earlier);
            }
        }
        CompletableFuture<Optional<JsonNode>> answer = new CompletableFuture<>();
        keys.forEach(k -> answers.put(k, answer));
        return new Claim.First(answer);
    }

    /** Processing failed before an acknowledgement: let the redelivery be processed. */
    synchronized void forget(List<String> keys) {
        keys.forEach(answers::remove);
    }
}
