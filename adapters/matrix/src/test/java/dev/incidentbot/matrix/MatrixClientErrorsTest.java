package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client classifies a homeserver's failures, against a tiny local stub server. */
class MatrixClientErrorsTest {
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;
    private volatile String retryAfterHeader = "";

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (!retryAfterHeader.isEmpty()) {
                exchange.getResponseHeaders().add("Retry-After", retryAfterHeader);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private MatrixClient client() {
        return MatrixClient.withAccessToken(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token");
    }

    private DeliveryException send() {
        return catchThrowableOfType(DeliveryException.class, () -> client().send("!room:example.org",
                "m.room.message", "txn-1", JsonNodeFactory.instance.objectNode().put("body", "hi")));
    }

    @Test
    void rateLimitIsRetryableAfterTheServersRetryAfterMs() {
        status = 429;
        body = "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too Many Requests\",\"retry_after_ms\":1234}";

        DeliveryException failure = send();

        assertThat(failure).isInstanceOf(DeliveryException.Retryable.class);
        assertThat(((DeliveryException.Retryable) failure).retryAfter()).contains(Duration.ofMillis(1234));
        assertThat(MatrixApiException.in(failure).orElseThrow().errcode()).isEqualTo("M_LIMIT_EXCEEDED");
        assertThat(paths).containsExactly("PUT /_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/txn-1");
    }

    @Test
    void rateLimitWithOnlyARetryAfterHeaderUsesTheHeader() {
        status = 429;
        body = "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too Many Requests\"}";
        retryAfterHeader = "7";

        DeliveryException failure = send();

        assertThat(((DeliveryException.Retryable) failure).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void badGatewayIsRetryableWithoutADelay() {
        status = 502;
        body = "<html>Bad Gateway</html>";

        DeliveryException failure = send();

        assertThat(failure).isInstanceOf(DeliveryException.Retryable.class);
        assertThat(((DeliveryException.Retryable) failure).retryAfter()).isEmpty();
        assertThat(MatrixApiException.in(failure).orElseThrow().status()).isEqualTo(502);
    }

    @Test
    void forbiddenUnknownTokenAndNotFoundArePermanent() {
        status = 403;
        body = "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}";
        assertThat(send()).isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("M_FORBIDDEN");

        status = 401;
        body = "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid access token\"}";
        assertThat(send()).isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("M_UNKNOWN_TOKEN");

        status = 404;
        body = "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Unknown room\"}";
        assertThat(send()).isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("M_NOT_FOUND");
    }

    @Test
    void aMissingStateEventIsEmptyNotAnError() {
        status = 404;
        body = "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Event not found.\"}";

        assertThat(client().state("!room:example.org", "m.room.pinned_events", "")).isEmpty();
    }

    @Test
    void aHomeserverThatDoesNotAnswerIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MatrixClient unreachable = MatrixClient.withAccessToken(URI.create("http://127.0.0.1:" + closedPort), "t");

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> unreachable.send("!r:x", "m.room.message", "t1", JsonNodeFactory.instance.objectNode()));

        assertThat(failure).isInstanceOf(DeliveryException.Retryable.class);
    }
}
