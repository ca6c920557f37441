package dev.incidentbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.chat.Backoff;
import dev.incidentbot.chat.ConsumerLease;
import dev.incidentbot.chat.DeliveryException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bot connected to Slack over Socket Mode. Opens a WebSocket at a URL from {@code apps.connections.open},
 * treats it as connected once Slack says {@code hello}, hands envelopes to the {@link EnvelopeSink} with a way to
 * acknowledge them on the same socket, and replaces the socket when:
 * <ul>
 *   <li>Slack sends {@code disconnect} (e.g. {@code refresh_requested}, {@code warning}): a new socket is opened
 *   after the backoff and the old one closed only when the new one said hello, so nothing is missed in between;</li>
 *   <li>the socket closes or fails: reconnect with exponential backoff and jitter, each time with a fresh URL;</li>
 *   <li>the socket falls silent (no frame, ping or pong for {@link SocketModeTiming#silenceLimit()}) although the
 *   bot pings it every {@link SocketModeTiming#pingInterval()}: it is dropped and replaced.</li>
 * </ul>
 * All decisions run on one control thread; the sockets' own threads only report to it.
 */
final class SocketModeLink {

    private static final Logger LOG = LoggerFactory.getLogger(SocketModeLink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> ENVELOPE_TYPES = Set.of("events_api", "interactive", "slash_commands");

    /** {@code apps.connections.open}: a fresh, single-use WebSocket URL; throws {@link DeliveryException}. */
    @FunctionalInterface
    interface UrlSource {
        URI open();
    }

    /** Sends one acknowledgement on the socket the envelope came on; false if that socket is gone. */
    @FunctionalInterface
    interface AckChannel {
        boolean send(String json);
    }

    /** Takes envelopes ({@code events_api}, {@code interactive}, {@code slash_commands}); must not block. */
    @FunctionalInterface
    interface EnvelopeSink {
        void accept(String envelope, AckChannel ack);
    }

    private final UrlSource urls;
    private final SocketModeTiming timing;
    private final EnvelopeSink envelopes;
    private final Backoff backoff;
    private final ScheduledExecutorService control;
    /** How often a standby asks whether it is the consumer now: part of the failover time. */
    private static final Duration LEASE_CHECK = Duration.ofMillis(500);
    private final AtomicInteger serials = new AtomicInteger();

    // Touched only on the control thread.
    private SocketModeSocket current;     // said hello; envelopes are expected here
    private SocketModeSocket replacement; // opening, no hello yet
    private ScheduledFuture<?> retry;
    private int failedAttempts;
    private boolean stopped;

    private volatile boolean connected;
    private final ConsumerLease consumer;

    SocketModeLink(UrlSource urls, SocketModeTiming timing, EnvelopeSink envelopes) {
        this(urls, timing, envelopes, ConsumerLease.ALWAYS);
    }

    /** With replicas: connected only while this process holds {@code consumer}; the others stand by. */
    SocketModeLink(UrlSource urls, SocketModeTiming timing, EnvelopeSink envelopes, ConsumerLease consumer) {
        this.consumer = consumer;
        this.urls = urls;
        this.timing = timing;
        this.envelopes = envelopes;
        this.backoff = Backoff.of(timing.firstRetry(), timing.maxRetry(), 0.5);
        this.control = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "slack-socket-mode");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts connecting, to {@code firstUrl} if start-up already fetched one, else to a fresh URL after the first
     * backoff. Returns at once; {@link #isConnected()} turns true on Slack's {@code hello}.
     */
    void start(Optional<URI> firstUrl) {
        long every = timing.pingInterval().toMillis();
        control.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
        control.scheduleWithFixedDelay(this::followLease, LEASE_CHECK.toMillis(), LEASE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        onControl(() -> {
            if (!consumer.held()) {
                LOG.info("Socket Mode: another replica consumes this app's events; standing by");
            } else if (firstUrl.isPresent()) {
                connect(firstUrl.get());
            } else {
                reconnectLater("no URL yet");
            }
        });
    }

    /** True between Slack's {@code hello} and the loss of that socket. */
    boolean isConnected() {
        return connected;
    }

    /** True while another replica holds the consumer lease (this one still sends through the Web API). */
    boolean isStandby() {
        return !consumer.held();
    }

    /** Connect when this replica became the consumer; let go of the socket when it no longer is. */
    private void followLease() {
        if (stopped) {
            return;
        }
        boolean held = consumer.held();
        if (!held && (current != null || replacement != null || retry != null)) {
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            close(current, "another replica consumes");
            close(replacement, "another replica consumes");
            current = null;
            replacement = null;
            connected = false;
            LOG.info("Socket Mode: the consumer lease passed to another replica; standing by");
        } else if (held && current == null && replacement == null && retry == null) {
            LOG.info("Socket Mode: this replica holds the consumer lease; connecting");
            openNew();
        }
    }

    void stop() {
        try {
            control.submit(() -> {
                stopped = true;
                connected = false;
                if (retry != null) {
                    retry.cancel(false);
                }
                close(current, "bot stopping");
                close(replacement, "bot stopping");
                current = null;
                replacement = null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Stopping Socket Mode: {}", e.toString());
        } finally {
            control.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ control thread

    private void connect(URI url) {
        SocketModeSocket socket = new SocketModeSocket(url, serials.incrementAndGet(), timing.silenceLimit(),
                new Reporter());
        replacement = socket;
        LOG.debug("Opening Socket Mode {}", socket);
        socket.connect(); // returns at once; the socket's thread reports back
    }

    /** A fresh URL and a new socket now; on failure, try again after a backoff. */
    private void openNew() {
        if (stopped || replacement != null || !consumer.held()) {
            return;
        }
        URI url;
        try {
            url = urls.open();
        } catch (DeliveryException.Permanent e) {
            LOG.error("Slack refused a Socket Mode connection ({}); check {} (an app-level token with "
                    + "connections:write) and that Socket Mode is enabled for the app", e.getMessage(),
                    SlackSettings.APP_TOKEN_VARIABLE);
            reconnectLater("apps.connections.open refused");
            return;
        } catch (DeliveryException e) {
            LOG.warn("Cannot get a Socket Mode URL: {}", e.getMessage());
            reconnectLater("apps.connections.open failed");
            return;
        }
        connect(url);
    }

    private void reconnectLater(String why) {
        if (stopped || replacement != null || retry != null) {
            return;
        }
        Duration delay = backoff.delay(failedAttempts++);
        LOG.info("Socket Mode: {}; reconnecting in {} ms (attempt {})", why, delay.toMillis(), failedAttempts);
        retry = control.schedule(() -> {
            retry = null;
            openNew();
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onHello(SocketModeSocket socket) {
        if (socket != replacement) {
            return; // a socket already given up on
        }
        SocketModeSocket previous = current;
        current = socket;
        replacement = null;
        failedAttempts = 0;
        connected = true;
        LOG.info("Slack Socket Mode connected ({})", socket);
        if (previous != null) {
            close(previous, "replaced by " + socket);
        }
    }

    private void onDisconnectRequested(SocketModeSocket socket, String reason) {
        if (socket != current) {
            return;
        }
        LOG.info("Slack asked {} to reconnect (reason: {})", socket, reason);
        if ("link_disabled".equals(reason)) {
            LOG.error("Socket Mode is disabled for this Slack app; enable it (or unset {} to use HTTP)",
                    SlackSettings.APP_TOKEN_VARIABLE);
            reconnectLater("Socket Mode disabled");
        } else {
            // The current socket keeps working until the new one said hello; the backoff only spaces out the
            // attempts should Slack ask again and again.
            reconnectLater("Slack asked to reconnect");
        }
    }

    private void onClosed(SocketModeSocket socket, int code, String reason) {
        if (socket == current) {
            current = null;
            connected = false;
            LOG.warn("Slack Socket Mode connection lost ({}: {} {})", socket, code, reason);
            reconnectLater("connection lost");
        } else if (socket == replacement) {
            replacement = null;
            LOG.warn("Could not open a Socket Mode connection ({}: {} {})", socket, code, reason);
            reconnectLater("connection failed");
        }
    }

    /** Every ping interval: drop silent sockets, ping the live one. */
    private void watch() {
        if (stopped) {
            return;
        }
        SocketModeSocket opening = replacement;
        if (opening != null && opening.age().compareTo(timing.silenceLimit()) > 0) {
            replacement = null;
            opening.abandon("no hello within " + timing.silenceLimit());
            LOG.warn("{} did not say hello within {}; trying another", opening, timing.silenceLimit());
            reconnectLater("no hello");
        }
        SocketModeSocket live = current;
        if (live == null) {
            return;
        }
        Duration silent = live.silentFor();
        if (silent.compareTo(timing.silenceLimit()) > 0) {
            current = null;
            connected = false;
            live.abandon("silent for " + silent.toMillis() + " ms");
            LOG.warn("Slack Socket Mode {} silent for {} ms; reconnecting", live, silent.toMillis());
            reconnectLater("silent socket");
        } else {
            live.ping();
        }
    }

    private void close(SocketModeSocket socket, String why) {
        if (socket == null) {
            return;
        }
        socket.close(1000, why);
        // Slack may not finish the close handshake; do not keep the old socket around for it.
        control.schedule(() -> {
            if (!socket.isClosed()) {
                socket.abandon("close handshake timed out");
            }
        }, 2, TimeUnit.SECONDS);
    }

    private void onControl(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Socket Mode control failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Socket Mode stopped; dropping an event");
        }
    }

    /** Runs on each socket's read thread: envelopes go straight to the sink, the rest to the control thread. */
    private final class Reporter implements SocketModeSocket.Events {
        @Override
        public void text(SocketModeSocket socket, String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (Exception e) {
                LOG.warn("Ignoring a Socket Mode frame that is not JSON on {}", socket);
                return;
            }
            String type = message.path("type").asText("");
            if (ENVELOPE_TYPES.contains(type)) {
                envelopes.accept(text, socket::sendText);
            } else if (type.equals("hello")) {
                onControl(() -> onHello(socket));
            } else if (type.equals("disconnect")) {
                String reason = message.path("reason").asText("");
                onControl(() -> onDisconnectRequested(socket, reason));
            } else {
                LOG.debug("Ignoring Socket Mode message of type '{}'", type);
            }
        }

        @Override
        public void closed(SocketModeSocket socket, int code, String reason, boolean byServer) {
            onControl(() -> onClosed(socket, code, reason));
        }
    }
}
