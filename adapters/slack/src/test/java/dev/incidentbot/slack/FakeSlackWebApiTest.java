package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSlackWebApi.Failure;
import dev.incidentbot.slack.testing.SignedSlackClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake is only useful if it is as strict as Slack: these pin down the rules it enforces. */
class FakeSlackWebApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeSlackWebApi fake = FakeSlackWebApi.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        fake.close();
    }

    private HttpResponse<String> call(String method, String token, Map<String, String> params) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fake.apiUrl().resolve(method))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SignedSlackClient.form(params)));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String error(String method, String token, Map<String, String> params) throws Exception {
        JsonNode body = JSON.readTree(call(method, token, params).body());
        return body.path("ok").asBoolean() ? "ok" : body.path("error").asText();
    }

    @Test
    void checksTheBearerToken() throws Exception {
        assertThat(error("auth.test", "", Map.of())).isEqualTo("not_authed");
        assertThat(error("auth.test", "xoxb-other", Map.of())).isEqualTo("invalid_auth");
        JsonNode ok = JSON.readTree(call("auth.test", FakeSlackWebApi.TOKEN, Map.of()).body());
        assertThat(ok.path("user_id").asText()).isEqualTo(FakeSlackWebApi.BOT_USER_ID);
        assertThat(ok.has("error")).isFalse();
    }

    @Test
    void enforcesChannelNameRulesAndRequiredArguments() throws Exception {
        String t = FakeSlackWebApi.TOKEN;
        assertThat(error("conversations.create", t, Map.of())).isEqualTo("invalid_arguments");
        assertThat(error("conversations.create", t, Map.of("name", "Inc 7"))).isEqualTo("invalid_name_specials");
        assertThat(error("conversations.create", t, Map.of("name", "a".repeat(81)))).isEqualTo("invalid_name_maxlength");
        assertThat(error("conversations.create", t, Map.of("name", "inc-7"))).isEqualTo("ok");
        assertThat(error("conversations.create", t, Map.of("name", "inc-7"))).isEqualTo("name_taken");
        assertThat(error("chat.postMessage", t, Map.of("channel", "C0NOPE", "text", "x")))
                .isEqualTo("channel_not_found");
        assertThat(error("no.such.method", t, Map.of())).isEqualTo("unknown_method");
    }

    @Test
    void refusesBlocksBeyondSlacksLimits() throws Exception {
        String channel = fake.addChannel("general");
        String header = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + "h".repeat(151) + "\"}}]";
        String many = "[" + "{\"type\":\"divider\"},".repeat(50) + "{\"type\":\"divider\"}]";
        assertThat(error("chat.postMessage", FakeSlackWebApi.TOKEN, Map.of("channel", channel, "text", "x",
                "blocks", header))).isEqualTo("invalid_blocks");
        assertThat(error("chat.postMessage", FakeSlackWebApi.TOKEN, Map.of("channel", channel, "text", "x",
                "blocks", many))).isEqualTo("invalid_blocks");
        assertThat(fake.messages(channel)).isEmpty();
    }

    @Test
    void rateLimitsWithRetryAfterAndFailsForAWindow() throws Exception {
        fake.failNext("auth.test", 1, new Failure.Ratelimited(3));
        HttpResponse<String> limited = call("auth.test", FakeSlackWebApi.TOKEN, Map.of());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(JSON.readTree(limited.body()).path("error").asText()).isEqualTo("ratelimited");

        fake.failFor(Duration.ofMillis(300), new Failure.ServerError(502));
        assertThat(call("auth.test", FakeSlackWebApi.TOKEN, Map.of()).statusCode()).isEqualTo(502);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> call("auth.test", FakeSlackWebApi.TOKEN, Map.of()).statusCode() == 200);
        assertThat(fake.calls("auth.test").size()).isGreaterThanOrEqualTo(3);
    }
}
