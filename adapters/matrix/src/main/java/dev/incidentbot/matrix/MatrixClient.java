package dev.incidentbot.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A small typed client for the parts of the Matrix client-server API the bot uses. Every failure is a
 * {@link DeliveryException}: {@code M_LIMIT_EXCEEDED}, 5xx and network errors are retryable (with the server's
 * {@code retry_after_ms} or Retry-After), other errors permanent; the {@link MatrixApiException} cause keeps the errcode.
 * It never retries or sleeps: retrying is the caller's decision.
 */
public final class MatrixClient {
    private static final String CLIENT = "/_matrix/client/v3";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI homeserver;
    private final String accessToken;
    private final HttpClient http;
    private final ObjectMapper json;

    private MatrixClient(URI homeserver, String accessToken, HttpClient http, ObjectMapper json) {
        String base = homeserver.toString();
        this.homeserver = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.accessToken = accessToken;
        this.http = http;
        this.json = json;
    }

    /** A client without credentials, good for {@link #login} only. */
    public static MatrixClient anonymous(URI homeserver) {
        // Synapse speaks HTTP/1.1 on plain listeners; asking for h2c upgrades only adds a round of headers.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return new MatrixClient(homeserver, "", http, new ObjectMapper());
    }

    public static MatrixClient withAccessToken(URI homeserver, String accessToken) {
        return anonymous(homeserver).withAccessToken(accessToken);
    }

    /** The same connection pool, acting with {@code token}. */
    public MatrixClient withAccessToken(String token) {
        return new MatrixClient(homeserver, token, http, json);
    }

    public URI homeserver() {
        return homeserver;
    }

    public ObjectMapper json() {
        return json;
    }

    // ---- account -------------------------------------------------------------------------------------------------

    /** {@code m.login.password}; {@code deviceId} empty lets the server make a new device. */
    public Session login(String user, String password, String deviceId, String deviceDisplayName) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "m.login.password");
        body.putObject("identifier").put("type", "m.id.user").put("user", user);
        body.put("password", password);
        if (!deviceId.isEmpty()) {
            body.put("device_id", deviceId);
        }
        body.put("initial_device_display_name", deviceDisplayName);
        JsonNode answer = call(post(CLIENT + "/login", body, false), "login");
        return new Session(answer.path("user_id").asText(), answer.path("device_id").asText(""),
                answer.path("access_token").asText());
    }

    /** Who the access token belongs to; fails with {@code M_UNKNOWN_TOKEN} if it is not valid. */
    public Session whoami() {
        JsonNode answer = call(get(CLIENT + "/account/whoami"), "whoami");
        return new Session(answer.path("user_id").asText(), answer.path("device_id").asText(""), accessToken);
    }

    // ---- sync ----------------------------------------------------------------------------------------------------

    /**
     * One {@code /sync} long poll. Asynchronous so the caller can abandon it at once on shutdown.
     * {@code since} empty asks for an initial sync; {@code filter} is an inline filter JSON object.
     */
    public CompletableFuture<SyncResponse> sync(String since, String filter, Duration timeout) {
        StringBuilder path = new StringBuilder(CLIENT + "/sync?timeout=").append(timeout.toMillis())
                .append("&filter=").append(encode(filter));
        if (!since.isEmpty()) {
            path.append("&since=").append(encode(since));
        }
        HttpRequest request = authorized(HttpRequest.newBuilder(uri(path.toString())))
                .timeout(timeout.plus(REQUEST_TIMEOUT)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw new DeliveryException.Retryable("sync: " + cause, cause);
                    }
                    return SyncResponse.fromJson(parse(response, "sync"));
                });
    }

    // ---- rooms ---------------------------------------------------------------------------------------------------

    /** Join a room by id or alias; returns the room id. */
    public String join(String roomIdOrAlias) {
        return call(post(CLIENT + "/join/" + encode(roomIdOrAlias), json.createObjectNode(), true), "join")
                .path("room_id").asText();
    }

    public String createRoom(CreateRoom room) {
        ObjectNode body = json.createObjectNode();
        if (!room.name().isEmpty()) {
            body.put("name", room.name());
        }
        if (room.direct()) {
            body.put("is_direct", true);
        }
        if (!room.topic().isEmpty()) {
            body.put("topic", room.topic());
        }
        body.put("preset", room.direct() ? "trusted_private_chat" : room.privateRoom() ? "private_chat" : "public_chat");
        body.put("visibility", "private");
        if (!room.aliasLocalpart().isEmpty()) {
            body.put("room_alias_name", room.aliasLocalpart());
        }
        room.invite().forEach(body.putArray("invite")::add);
        if (!room.initialState().isEmpty()) {
            var initial = body.putArray("initial_state");
            room.initialState().forEach((type, content) ->
                    initial.addObject().put("type", type).put("state_key", "").set("content", content));
        }
        if (!room.eventPowerLevels().isEmpty()) {
            ObjectNode events = body.putObject("power_level_content_override").putObject("events");
            room.eventPowerLevels().forEach(events::put);
        }
        return call(post(CLIENT + "/createRoom", body, true), "createRoom").path("room_id").asText();
    }

    public void invite(String roomId, String userId) {
        invite(roomId, userId, "");
    }

    /** An invite; a non-empty {@code reason} is shown to the invitee with it. */
    public void invite(String roomId, String userId, String reason) {
        ObjectNode body = json.createObjectNode().put("user_id", userId);
        if (!reason.isEmpty()) {
            body.put("reason", reason);
        }
        call(post(CLIENT + "/rooms/" + encode(roomId) + "/invite", body, true), "invite " + userId);
    }

    public void leave(String roomId) {
        call(post(CLIENT + "/rooms/" + encode(roomId) + "/leave", json.createObjectNode(), true), "leave");
    }

    /** Joined members of a room: user id to display name (empty when they set none). */
    public Map<String, String> joinedMembers(String roomId) {
        Map<String, String> members = new LinkedHashMap<>();
        call(get(CLIENT + "/rooms/" + encode(roomId) + "/joined_members"), "joined_members").path("joined")
                .fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue().path("display_name").asText("")));
        return members;
    }

    /** Whether the homeserver knows this user (their profile exists). */
    public boolean userExists(String userId) {
        try {
            call(get(CLIENT + "/profile/" + encode(userId)), "profile");
            return true;
        } catch (DeliveryException.Permanent e) {
            // Synapse answers an unknown profile with 404 M_UNKNOWN "No row found", not M_NOT_FOUND.
            if (MatrixApiException.in(e).map(a -> a.status() == 404).orElse(false)) {
                return false;
            }
            throw e;
        }
    }

    /** Every current state event of a room, as full events (sender included). */
    public List<RoomEvent> roomState(String roomId) {
        List<RoomEvent> events = new ArrayList<>();
        call(get(CLIENT + "/rooms/" + encode(roomId) + "/state"), "state").forEach(e -> events.add(RoomEvent.fromJson(e)));
        return events;
    }

    /** The room id an alias such as {@code #ops:example.org} points to. */
    public String resolveAlias(String alias) {
        return call(get(CLIENT + "/directory/room/" + encode(alias)), "resolve " + alias).path("room_id").asText();
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /**
     * {@code PUT /rooms/{roomId}/send/{type}/{txnId}}: the server answers a repeated transaction id with the event
     * it already made, so a retry never posts twice. Returns the event id.
     */
    public String send(String roomId, String eventType, String txnId, JsonNode content) {
        String path = CLIENT + "/rooms/" + encode(roomId) + "/send/" + encode(eventType) + "/" + encode(txnId);
        return call(put(path, content), "send " + eventType).path("event_id").asText();
    }

    /** A state event's content, empty if the room has no such state. */
    public Optional<JsonNode> state(String roomId, String eventType, String stateKey) {
        String path = CLIENT + "/rooms/" + encode(roomId) + "/state/" + encode(eventType) + "/" + encode(stateKey);
        try {
            return Optional.of(call(get(path), "get state " + eventType));
        } catch (DeliveryException e) {
            if (MatrixApiException.hasErrcode(e, "M_NOT_FOUND")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Replace a state event; returns its event id. */
    public String putState(String roomId, String eventType, String stateKey, JsonNode content) {
        String path = CLIENT + "/rooms/" + encode(roomId) + "/state/" + encode(eventType) + "/" + encode(stateKey);
        return call(put(path, content), "put state " + eventType).path("event_id").asText();
    }

    public RoomEvent event(String roomId, String eventId) {
        String path = CLIENT + "/rooms/" + encode(roomId) + "/event/" + encode(eventId);
        return RoomEvent.fromJson(call(get(path), "get event"));
    }

    /**
     * One page of a room's history going backwards from {@code from} (a pagination or sync token), stopping at
     * {@code to} if not empty; only events of {@code types}. The page's {@code end} continues it.
     */
    public MessagePage messagesBefore(String roomId, String from, String to, List<String> types, int limit) {
        StringBuilder path = new StringBuilder(CLIENT + "/rooms/" + encode(roomId) + "/messages?dir=b&limit=" + limit)
                .append("&from=").append(encode(from));
        if (!to.isEmpty()) {
            path.append("&to=").append(encode(to));
        }
        ObjectNode filter = json.createObjectNode();
        types.forEach(filter.putArray("types")::add);
        path.append("&filter=").append(encode(write(filter)));
        JsonNode answer = call(get(path.toString()), "messages");
        List<RoomEvent> events = new ArrayList<>();
        answer.path("chunk").forEach(e -> events.add(RoomEvent.fromJson(e)));
        return new MessagePage(events, answer.path("end").asText(""));
    }

    /** The latest {@code limit} timeline events of a room, newest first. */
    public List<RoomEvent> latestMessages(String roomId, int limit) {
        String path = CLIENT + "/rooms/" + encode(roomId) + "/messages?dir=b&limit=" + limit;
        List<RoomEvent> events = new ArrayList<>();
        call(get(path), "messages").path("chunk").forEach(e -> events.add(RoomEvent.fromJson(e)));
        return events;
    }

    // ---- media ---------------------------------------------------------------------------------------------------

    /** Upload to the media repository; returns the {@code mxc://} URI. */
    public String upload(String filename, String contentType, byte[] content) {
        // Uploads stay on /_matrix/media/v3: authenticated media (v1.11) moved downloads only.
        HttpRequest request = authorized(HttpRequest.newBuilder(
                        uri("/_matrix/media/v3/upload?filename=" + encode(filename))))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        return call(request, "upload").path("content_uri").asText();
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    /** A GET with this client's token, for endpoints not covered above (tests, diagnostics). */
    public JsonNode getJson(String pathAndQuery) {
        return call(get(pathAndQuery), "GET " + pathAndQuery);
    }

    private HttpRequest get(String path) {
        return authorized(HttpRequest.newBuilder(uri(path))).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private HttpRequest post(String path, JsonNode body, boolean withToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        return (withToken ? authorized(builder) : builder).build();
    }

    private HttpRequest put(String path, JsonNode body) {
        return authorized(HttpRequest.newBuilder(uri(path))).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return accessToken.isEmpty() ? builder : builder.header("Authorization", "Bearer " + accessToken);
    }

    private URI uri(String pathAndQuery) {
        return URI.create(homeserver + pathAndQuery);
    }

    private String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private JsonNode call(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException.Retryable(what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException.Retryable(what + ": interrupted", e);
        }
        return parse(response, what);
    }

    private JsonNode parse(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = json.createObjectNode();
        }
        if (status >= 200 && status < 300) {
            return body;
        }
        throw failure(what, status, response.headers(), body);
    }

    static DeliveryException failure(String what, int status, HttpHeaders headers, JsonNode body) {
        String errcode = body.path("errcode").asText("M_UNKNOWN");
        MatrixApiException cause = new MatrixApiException(status, errcode, body.path("error").asText(""));
        String message = what + ": " + cause.getMessage();
        if (status == 429 || errcode.equals("M_LIMIT_EXCEEDED")) {
            return new DeliveryException.Retryable(message, retryAfter(headers, body), cause);
        }
        if (status >= 500) {
            return new DeliveryException.Retryable(message, retryAfter(headers, body), cause);
        }
        return new DeliveryException.Permanent(message, cause);
    }

    /** {@code retry_after_ms} from the body, else the Retry-After header in seconds, else zero (not said). */
    static Duration retryAfter(HttpHeaders headers, JsonNode body) {
        if (body.path("retry_after_ms").canConvertToLong() && body.path("retry_after_ms").asLong() > 0) {
            return Duration.ofMillis(body.path("retry_after_ms").asLong());
        }
        return headers.firstValue("Retry-After").flatMap(MatrixClient::seconds).orElse(Duration.ZERO);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
