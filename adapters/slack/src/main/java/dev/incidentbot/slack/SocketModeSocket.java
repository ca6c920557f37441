package dev.incidentbot.slack;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to Slack's Socket Mode server (Java-WebSocket). It only reports: text frames and the close go to
 * {@link Events}, and every frame received (text, ping, pong) counts as a sign of life for {@link #silentFor}. What to
 * do about them is {@link SocketModeLink}'s business. Its threads are daemons; pings from Slack are answered.
 */
final class SocketModeSocket extends WebSocketClient {

    private static final Logger LOG = LoggerFactory.getLogger(SocketModeSocket.class);

    /** Called on the socket's own read thread. */
    interface Events {
        void text(SocketModeSocket socket, String text);

        void closed(SocketModeSocket socket, int code, String reason, boolean byServer);
    }

    private final int serial;
    private final Events events;
    private final long createdNanos = System.nanoTime();
    private volatile long lastHeardNanos = createdNanos;

    /** {@code connectTimeout} bounds the TCP and TLS connect; the handshake and hello are watched by the link. */
    SocketModeSocket(URI url, int serial, Duration connectTimeout, Events events) {
        super(url, new Draft_6455(), Map.of(), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.serial = serial;
        this.events = events;
        setDaemon(true);
        setTcpNoDelay(true);
        setConnectionLostTimeout(0); // SocketModeLink watches for silence itself, with finer clocks
    }

    /** Which connection of this process this is (1, 2, ...), for logs. */
    int serial() {
        return serial;
    }

    /** How long since the server last sent anything (or since this socket was created). */
    Duration silentFor() {
        return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - createdNanos);
    }

    /** Sends a text frame; false when the socket is no longer open (the envelope will be redelivered). */
    boolean sendText(String text) {
        try {
            send(text);
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
    }

    void ping() {
        try {
            sendPing();
        } catch (WebsocketNotConnectedException e) {
            LOG.debug("Socket {} is not open for a ping", serial);
        }
    }

    /** Drops the TCP connection at once, without a close handshake: for sockets that stopped answering. */
    void abandon(String why) {
        closeConnection(CloseFrame.ABNORMAL_CLOSE, why);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        heard();
    }

    @Override
    public void onMessage(String text) {
        heard();
        events.text(this, text);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        heard(); // Socket Mode speaks text only
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata frame) {
        heard();
        super.onWebsocketPing(conn, frame); // answers with a pong
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata frame) {
        heard();
    }

    @Override
    public void onClose(int code, String reason, boolean byServer) {
        events.closed(this, code, reason == null ? "" : reason, byServer);
    }

    @Override
    public void onError(Exception e) {
        // Java-WebSocket follows every fatal error with onClose; this is only context for the log.
        LOG.debug("Socket Mode socket {} error: {}", serial, e.toString());
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
    }

    @Override
    public String toString() {
        return "socket " + serial;
    }
}
