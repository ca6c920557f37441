package dev.incidentbot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared JSON-over-HTTP client against a loopback server that answers what each test scripts. */
class JsonHttpClientTest {
    private static final JsonHttpClient.Refusals REFUSALS = JsonHttpClient.Refusals.byStatus("Acme",
            status -> status == 429 || status >= 500, "refused", answer -> answer.body().path("error").asText("HTTP " + answer.status()));

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile Map<String, String> headers = Map.of();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization") + " type="
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + sent);
            headers.forEach(exchange.getResponseHeaders()::set);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private JsonHttpClient client() {
        return new JsonHttpClient("Acme", HttpClient.newHttpClient(), Duration.ofSeconds(5),
                Map.of("Authorization", "Bearer k"), REFUSALS);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aSuccessReturnsTheBodyAndSendsTheVendorsHeadersWithJsonOnlyWhenThereIsABody() {
        body = "{\"id\":\"x1\"}";
        assertThat(client().call("POST", uri("/things"), Optional.of(JsonNodeFactory.instance.objectNode().put("a", 1)),
                "create a thing").path("id").asText()).isEqualTo("x1");
        client().call("GET", uri("/things"), Optional.empty(), "list things");
        assertThat(seen).containsExactly("POST /things auth=Bearer k type=application/json {\"a\":1}",
                "GET /things auth=Bearer k type=null ");
    }

    @Test
    void anEmptyOrNonJsonBodyReadsAsAnEmptyObject() {
        status = 204;
        body = "";
        assertThat(client().call("DELETE", uri("/x"), Optional.empty(), "delete").isEmpty()).isTrue();
        status = 200;
        body = "<html>ok</html>";
        assertThat(client().call("GET", uri("/x"), Optional.empty(), "read").isEmpty()).isTrue();
    }

    @Test
    void aRetryableStatusWaitsForRetryAfterAndTheRestArePermanentInTheVendorsWords() {
        status = 429;
        body = "{\"error\":\"slow down\"}";
        headers = Map.of("Retry-After", "7");
        assertThatThrownBy(() -> client().call("POST", uri("/things"), Optional.empty(), "create a thing"))
                .isInstanceOfSatisfying(DeliveryException.Retryable.class, e -> {
                    assertThat(e).hasMessage("Acme answered 429 (slow down)");
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
                });
        status = 503;
        headers = Map.of("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT");
        assertThatThrownBy(() -> client().call("POST", uri("/things"), Optional.empty(), "create a thing"))
                .isInstanceOfSatisfying(DeliveryException.Retryable.class, e -> assertThat(e.retryAfter()).isEmpty());
        status = 404;
        headers = Map.of();
        body = "not json";
        assertThatThrownBy(() -> client().call("POST", uri("/things"), Optional.empty(), "create a thing"))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessage("Acme refused create a thing: 404 HTTP 404");
    }

    @Test
    void exchangeHandsBackARefusalForTheCallerToReadFirst() {
        status = 422;
        body = "{\"error\":\"assignee\"}";
        JsonHttpClient client = client();
        JsonHttpClient.Answer answer = client.exchange("POST", uri("/things"), Optional.empty());
        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.body().path("error").asText()).isEqualTo("assignee");
        assertThatThrownBy(() -> client.check(answer, "create a thing")).isInstanceOf(DeliveryException.Permanent.class);
    }

    @Test
    void anUnreachableServerIsRetryable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> client().call("GET", URI.create("http://127.0.0.1:" + closed + "/"), Optional.empty(), "read"))
                .isInstanceOf(DeliveryException.Retryable.class).hasMessageStartingWith("Acme unreachable: ");
    }
}
