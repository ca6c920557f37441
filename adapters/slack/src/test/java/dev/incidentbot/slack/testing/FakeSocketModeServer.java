package dev.incidentbot.slack.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local stand-in for Slack's Socket Mode server (Java-WebSocket) at {@code ws://127.0.0.1:<port>/link/}. Attach it
 * to a {@link FakeSlackWebApi} ({@link FakeSlackWebApi#serveSocketMode}): {@code apps.connections.open} then hands out
 * single-use URLs on it. Like Slack it says {@code hello} on every new connection, sends envelopes
 * ({@code slash_commands}, {@code interactive}, {@code events_api}) shaped as Slack's (samples under
 * {@code socket_mode/}), records the acknowledgements, answers pings, and delivers every envelope not acknowledged yet
 * when a new connection opens (same {@code envelope_id}; an events_api envelope sent before counts a
 * {@code retry_attempt}). Tests can make it drop its
 * connections without a close handshake, ask for a reconnect ({@code disconnect}), lose acknowledgements, or stop
 * answering pings.
 */
public final class FakeSocketModeServer implements AutoCloseable {

    public static final String APP_ID = "A0FAKE001";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An acknowledgement as received: {@code payload} is absent for a bare ack. */
    public record Acknowledgement(String envelopeId, Optional<JsonNode> payload, int connection, Instant at) { }

    private final Server server;
    private final int port;
    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<WebSocket, Integer> open = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> unacknowledged = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    private final List<Acknowledgement> acks = new ArrayList<>(); // guarded by this
    private final List<Acknowledgement> lostAcks = new ArrayList<>(); // guarded by this
    private volatile boolean losingAcks;
    private volatile boolean answeringPings = true;

    private FakeSocketModeServer() {
        server = new Server();
        server.setDaemon(true);
        server.setReuseAddr(true);
        server.setTcpNoDelay(true);
        server.setConnectionLostTimeout(0); // only the client pings: a silent server stays silent
        server.start();
        try {
            if (!server.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        port = server.getPort();
    }

    public static FakeSocketModeServer start() {
        return new FakeSocketModeServer();
    }

    /** What {@code apps.connections.open} answers: a URL with a fresh single-use ticket. */
    public URI newConnectionUrl() {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return URI.create("ws://127.0.0.1:" + port + "/link/?ticket=" + ticket + "&app_id=" + APP_ID);
    }

    // ------------------------------------------------------------------ envelopes

    /** {@code /incident ...} typed by someone; returns the envelope id. */
    public String slashCommand(SignedSlackClient.SlashCommand command) {
        ObjectNode payload = (ObjectNode) SlackPayloads.sample("socket_mode/slash_commands.json").get("payload");
        SlackPayloads.slashCommandFields(command).forEach(payload::put);
        return send("slash_commands", payload, true);
    }

    /** An {@code interactive} envelope: a block_actions or view_submission payload ({@link SlackPayloads}). */
    public String interactive(JsonNode payload) {
        boolean submission = "view_submission".equals(payload.path("type").asText());
        return send("interactive", payload, submission);
    }

    /** An {@code events_api} envelope around an Events API payload (e.g. {@link SlackPayloads#reactionAdded}). */
    public String event(JsonNode payload) {
        return send("events_api", payload, false);
    }

    /** Sends an envelope of {@code type} to the newest connection (or keeps it for the next one); returns its id. */
    public String send(String type, JsonNode payload, boolean acceptsResponsePayload) {
        String sample = type.equals("interactive") ? "interactive" : type;
        ObjectNode envelope = SlackPayloads.sample("socket_mode/" + sample + ".json");
        String id = UUID.randomUUID().toString();
        envelope.put("envelope_id", id).put("type", type).put("accepts_response_payload", acceptsResponsePayload);
        envelope.set("payload", payload);
        if (type.equals("events_api")) {
            envelope.put("retry_attempt", 0).put("retry_reason", "");
        }
        synchronized (this) {
            unacknowledged.put(id, envelope);
        }
        newest().ifPresent(connection -> deliver(connection, envelope));
        return id;
    }

    /** Sends an envelope again as it was first sent (same id), as Slack does when it missed the acknowledgement. */
    public void redeliver(String envelopeId) {
        ObjectNode envelope;
        synchronized (this) {
            envelope = unacknowledged.get(envelopeId);
        }
        if (envelope == null) {
            throw new IllegalArgumentException("no envelope " + envelopeId + " awaits an acknowledgement");
        }
        newest().ifPresent(connection -> deliver(connection, envelope));
    }

    /** How often the envelope was sent over a connection. */
    public int deliveries(String envelopeId) {
        return deliveries.getOrDefault(envelopeId, 0);
    }

    // ------------------------------------------------------------------ misbehaviour

    /** Closes every connection at once, without a close handshake (a network failure, a dead load balancer). */
    public void dropConnections() {
        open.keySet().forEach(c -> c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test"));
    }

    /** Sends {@code disconnect} with {@code reason} (e.g. {@code refresh_requested}) on every open connection. */
    public void requestReconnect(String reason) {
        ObjectNode message = SlackPayloads.sample("socket_mode/disconnect.json").put("reason", reason);
        open.keySet().forEach(c -> c.send(message.toString()));
    }

    /** While true, acknowledgements are received but count for nothing (recorded in {@link #lostAcks}). */
    public void loseAcks(boolean value) {
        losingAcks = value;
    }

    /** While false, pings get no pong: a connection that went silent. */
    public void answerPings(boolean value) {
        answeringPings = value;
    }

    // ------------------------------------------------------------------ what happened

    public int connectionsAccepted() {
        return serials.get();
    }

    public int openConnections() {
        return open.size();
    }

    public synchronized List<Acknowledgement> acks() {
        return List.copyOf(acks);
    }

    public synchronized List<Acknowledgement> acks(String envelopeId) {
        return acks.stream().filter(a -> a.envelopeId().equals(envelopeId)).toList();
    }

    public synchronized List<Acknowledgement> lostAcks() {
        return List.copyOf(lostAcks);
    }

    public synchronized Set<String> unacknowledged() {
        return Set.copyOf(unacknowledged.keySet());
    }

    /** The first acknowledgement of {@code envelopeId}, waiting at most {@code timeout} for it. */
    public synchronized Acknowledgement awaitAck(String envelopeId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Acknowledgement> ack = acks.stream().filter(a -> a.envelopeId().equals(envelopeId)).findFirst();
            if (ack.isPresent()) {
                return ack.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("envelope " + envelopeId + " was not acknowledged within " + timeout);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.stop(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ internals

    private Optional<WebSocket> newest() {
        return open.entrySet().stream().filter(e -> e.getKey().isOpen())
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    private void deliver(WebSocket connection, ObjectNode envelope) {
        deliveries.merge(envelope.path("envelope_id").asText(), 1, Integer::sum);
        connection.send(envelope.toString());
    }

    private void opened(WebSocket connection, ClientHandshake handshake) {
        String descriptor = handshake.getResourceDescriptor();
        String ticket = descriptor.replaceFirst(".*[?&]ticket=([^&]*).*", "$1");
        if (!descriptor.startsWith("/link/") || !tickets.remove(ticket)) {
            connection.close(CloseFrame.POLICY_VALIDATION, "invalid or used ticket");
            return;
        }
        open.put(connection, serials.incrementAndGet());
        ObjectNode hello = SlackPayloads.sample("socket_mode/hello.json").put("num_connections", open.size());
        ((ObjectNode) hello.get("connection_info")).put("app_id", APP_ID);
        connection.send(hello.toString());
        List<ObjectNode> again;
        synchronized (this) {
            again = new ArrayList<>(unacknowledged.values());
        }
        for (ObjectNode envelope : again) {
            ObjectNode retry = envelope.deepCopy();
            int sent = deliveries(envelope.path("envelope_id").asText());
            if (retry.has("retry_attempt") && sent > 0) {
                retry.put("retry_attempt", sent).put("retry_reason", "timeout");
            }
            deliver(connection, retry);
        }
    }

    private void received(WebSocket connection, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        String id = message.path("envelope_id").asText("");
        if (id.isEmpty()) {
            return;
        }
        Acknowledgement ack = new Acknowledgement(id, Optional.ofNullable(message.get("payload")),
                open.getOrDefault(connection, 0), Instant.now());
        synchronized (this) {
            if (losingAcks) {
                lostAcks.add(ack);
            } else {
                acks.add(ack);
                unacknowledged.remove(id);
                notifyAll();
            }
        }
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0), 1);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
            opened(connection, handshake);
        }

        @Override
        public void onMessage(WebSocket connection, String text) {
            received(connection, text);
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
            open.remove(connection);
        }

        @Override
        public void onError(WebSocket connection, Exception e) {
            // a failing connection is followed by onClose
        }

        @Override
        public void onWebsocketPing(WebSocket connection, Framedata frame) {
            if (answeringPings) {
                super.onWebsocketPing(connection, frame);
            }
        }
    }
}
