package dev.incidentbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.matrix.MatrixClient;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.SyncResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A plain Matrix client's {@code /sync} long-poll loop, as a person's client runs it: notes when each reply (an event
 * with {@code m.in_reply_to}) first arrives, by the event it answers, and hands every new message to {@code onMessage}
 * on the sync thread.
 */
public final class SyncWatcher implements AutoCloseable {
    private static final String FILTER = "{\"room\":{\"timeline\":{\"limit\":100,\"types\":[\"m.room.message\"]},"
            + "\"state\":{\"types\":[]},\"ephemeral\":{\"types\":[]},\"account_data\":{\"types\":[]}},"
            + "\"presence\":{\"types\":[]},\"account_data\":{\"types\":[]}}";

    private final MatrixClient client;
    private final BiConsumer<String, RoomEvent> onMessage;
    private final Map<String, Long> replyArrivals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public SyncWatcher(MatrixClient client, BiConsumer<String, RoomEvent> onMessage) {
        this.client = client;
        this.onMessage = onMessage;
        String since = client.sync("", FILTER, Duration.ZERO).join().nextBatch();
        thread = new Thread(() -> loop(since), "sync-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String start) {
        String since = start;
        while (running) {
            SyncResponse batch;
            try {
                batch = client.sync(since, FILTER, Duration.ofSeconds(30)).join();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            long now = System.nanoTime();
            for (SyncResponse.JoinedRoom room : batch.joined()) {
                for (RoomEvent event : room.timeline()) {
                    JsonNode inReplyTo = event.content().path("m.relates_to").path("m.in_reply_to").path("event_id");
                    if (inReplyTo.isTextual()) {
                        replyArrivals.putIfAbsent(inReplyTo.asText(), now);
                    }
                    onMessage.accept(room.roomId(), event);
                }
            }
            since = batch.nextBatch();
        }
    }

    /** System.nanoTime when the first reply to {@code eventId} arrived, if it has. */
    public Long replyArrival(String eventId) {
        return replyArrivals.get(eventId);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
