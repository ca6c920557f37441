package dev.incidentbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figure 9's limit, measured: the three calls that must follow each other (create the channel, post the initial
 * message, pin it) replayed one after the other with a plain HTTP client, with the parameters the bot sent, against
 * the same fake at the same latency. What is left above it is the bot's own time.
 */
final class ReplayedRoundTrips {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeSlackWebApi fake;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ReplayedRoundTrips(FakeSlackWebApi fake) {
        this.fake = fake;
    }

    /** From sending the create to the pin's answer, as the fake wrote it (the same end point as a declare's ready). */
    Duration once(String name) throws Exception {
        List<FakeSlackWebApi.Call> creates = fake.calls("conversations.create");
        FakeSlackWebApi.Call create = creates.get(creates.size() - 1);
        List<FakeSlackWebApi.Call> pins = fake.calls("pins.add");
        String pinnedIn = pins.get(pins.size() - 1).param("channel");
        FakeSlackWebApi.Call post = fake.calls("chat.postMessage").stream()
                .filter(c -> c.param("channel").equals(pinnedIn)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the bot posted no initial message to replay"));
        Instant sent = Instant.now();
        Map<String, String> createParams = new HashMap<>(create.params());
        createParams.put("name", name);
        String channel = call("conversations.create", createParams).path("channel").path("id").asText();
        Map<String, String> postParams = new HashMap<>(post.params());
        postParams.put("channel", channel);
        String ts = call("chat.postMessage", postParams).path("ts").asText();
        call("pins.add", Map.of("channel", channel, "timestamp", ts));
        List<FakeSlackWebApi.Answered> answered = fake.answered();
        Instant pinned = answered.get(answered.size() - 1).at();
        return Duration.between(sent, pinned);
    }

    private JsonNode call(String method, Map<String, String> params) throws Exception {
        String form = params.entrySet().stream().filter(e -> !e.getKey().equals("token"))
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.apiUrl() + method))
                .header("Authorization", "Bearer " + FakeSlackWebApi.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        JsonNode answer = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!answer.path("ok").asBoolean()) {
            throw new IllegalStateException(method + " was refused while measuring the limit: " + answer);
        }
        return answer;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
