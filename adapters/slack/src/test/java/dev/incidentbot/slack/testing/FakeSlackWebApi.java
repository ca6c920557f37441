package dev.incidentbot.slack.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A strict local stand-in for the Slack Web API, on Jetty at 127.0.0.1 and a free port. It answers with the shapes
 * of Slack's own samples (test resources {@code dev/incidentbot/slack/samples}), checks the bearer token, required
 * arguments, channel-name rules, channel ids and membership, and Block Kit limits, and records every call. It can be
 * told to rate-limit (429 + Retry-After), fail with 5xx or a Slack error, or be slow. It also serves the
 * {@code upload_url} of the external upload flow and records what is POSTed to response_urls it hands out.
 *
 * <p>Point the platform at {@link #apiUrl()} ({@code SLACK_API_URL}) with the token {@link #TOKEN}. For Socket Mode,
 * {@link #serveSocketMode} a {@link FakeSocketModeServer}: {@code apps.connections.open} (app-level token
 * {@link #APP_TOKEN}, in the Authorization header as Slack requires) then answers with URLs on it.
 */
public final class FakeSlackWebApi implements AutoCloseable {

    public static final String TOKEN = "xoxb-fake-0000-token";
    /** The app-level token {@code apps.connections.open} accepts (Socket Mode). */
    public static final String APP_TOKEN = "xapp-1-A0FAKE001-0000-fake";
    public static final String BOT_USER_ID = "U0BOT0001";
    public static final String TEAM_ID = "T0FAKE001";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9_-]+");
    private static final String SAMPLES = "/dev/incidentbot/slack/samples/";

    /** How the fake should misbehave on a call. */
    public sealed interface Failure {
        /** HTTP 429 with {@code Retry-After} and Slack's {@code ratelimited} body. */
        record Ratelimited(int retryAfterSeconds) implements Failure { }

        /** An HTTP error status with an empty body, as a failing load balancer sends. */
        record ServerError(int status) implements Failure { }

        /** HTTP 200 with {@code {"ok":false,"error":code}}. */
        record SlackError(String code) implements Failure { }

        /**
         * Slack does the work, then the answer is lost on the way back (a load balancer's {@code status} after the
         * backend acted): the caller cannot tell whether its call landed.
         */
        record AnswerLost(int status) implements Failure { }
    }

    /** One Web API call as received: method, form parameters, bearer token (empty if none). */
    public record Call(String method, Map<String, String> params, String token, Instant at) {
        public String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    /** A call and when its answer was written: with {@link #delayEachCall}, what a round trip costs. */
    public record Answered(Call call, Instant at) { }

    /** A POST to a response_url the fake handed out. */
    public record ResponseUrlPost(String responseUrl, JsonNode body) { }

    /** A message as stored: {@code blocks} is the parsed Block Kit array (empty array if none was sent). */
    public record Message(String ts, String user, String text, JsonNode blocks) { }

    /** A channel as stored. */
    public record Channel(String id, String name, boolean isPrivate, boolean archived, Set<String> members,
                          String topic, List<Message> messages, Set<String> pins) { }

    private final Server server;
    private final URI base;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Answered> answered = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<ResponseUrlPost> responseUrlPosts = new CopyOnWriteArrayList<>();
    private final Map<String, MutableChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, String[]> users = new ConcurrentHashMap<>(); // id -> {name, email, display, real}
    /** Thread replies by channel id, each with its parent's ts: conversations.history does not list them. */
    private final Map<String, List<String[]>> replies = new ConcurrentHashMap<>(); // {thread_ts, ts, user, text}
    private final Map<String, List<String>> userGroups = new ConcurrentHashMap<>();
    private final Map<String, String> pendingUploads = new ConcurrentHashMap<>(); // file id -> filename
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> uploadedTo = new ConcurrentHashMap<>(); // file id -> channel id
    private final List<FailureRule> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final AtomicLong tsCounter = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean responseUrlsExpired;
    private volatile String token = TOKEN;
    private volatile String appToken = APP_TOKEN;
    private volatile FakeSocketModeServer socketMode;

    private static final class MutableChannel {
        final String id;
        final String name;
        final boolean isPrivate;
        volatile boolean archived;
        final Set<String> members = ConcurrentHashMap.newKeySet();
        volatile String topic = "";
        volatile String creator = "U0HUMAN01";
        volatile String purpose = "";
        volatile String purposeCreator = "";
        final List<Message> messages = new CopyOnWriteArrayList<>();
        /** Message metadata by ts, as chat.postMessage stored it. */
        final Map<String, JsonNode> metadata = new ConcurrentHashMap<>();
        final Map<String, JsonNode> files = new ConcurrentHashMap<>(); // message ts -> the files it shared
        final Set<String> pins = ConcurrentHashMap.newKeySet();

        MutableChannel(String id, String name, boolean isPrivate) {
            this.id = id;
            this.name = name;
            this.isPrivate = isPrivate;
        }

        Optional<Message> message(String ts) {
            return messages.stream().filter(m -> m.ts().equals(ts)).findFirst();
        }

        Channel snapshot() {
            return new Channel(id, name, isPrivate, archived, Set.copyOf(members), topic, List.copyOf(messages),
                    Set.copyOf(pins));
        }
    }

    private static final class FailureRule {
        final String method; // empty: any method
        final Failure failure;
        final AtomicInteger remaining; // negative: until `until`
        final Instant until;

        FailureRule(String method, Failure failure, int count, Instant until) {
            this.method = method;
            this.failure = failure;
            this.remaining = new AtomicInteger(count);
            this.until = until;
        }

        boolean take(String calledMethod, Instant now) {
            if (!method.isEmpty() && !method.equals(calledMethod)) {
                return false;
            }
            if (until != null) {
                return now.isBefore(until);
            }
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }
    }

    private FakeSlackWebApi() {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("fake-slack");
        threads.setDaemon(true);
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Endpoint()), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake Slack Web API", e);
        }
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        users.put(BOT_USER_ID, new String[] {"incident-bot", "", "incident-bot", "incident-bot"});
    }

    /** Starts a fake on a free loopback port. */
    public static FakeSlackWebApi start() {
        return new FakeSlackWebApi();
    }

    /** The Web API base, for {@code SLACK_API_URL}. */
    public URI apiUrl() {
        return base.resolve("api/");
    }

    @Override
    public void close() {
        closing.countDown(); // release slow calls at once
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ workspace set-up

    public FakeSlackWebApi addUser(String id, String name, String email) {
        return addUser(id, name, email, name, name);
    }

    /** {@code name} is the handle (users.list {@code name}); display and real names as in the profile. */
    public FakeSlackWebApi addUser(String id, String name, String email, String displayName, String realName) {
        users.put(id, new String[] {name, email, displayName, realName});
        return this;
    }

    /** A reply in the thread under {@code parentTs}; returns its ts. Only conversations.replies returns it. */
    public String addThreadReply(String channelId, String parentTs, String user, String text) {
        channel(channelId).orElseThrow();
        String ts = nextTs();
        replies.computeIfAbsent(channelId, k -> new CopyOnWriteArrayList<>()).add(new String[] {parentTs, ts, user, text});
        return ts;
    }

    public FakeSlackWebApi addUserGroup(String id, String... members) {
        userGroups.put(id, List.of(members));
        return this;
    }

    /** An existing public channel with the bot and {@code members} in it; returns its id. */
    public String addChannel(String name, String... members) {
        MutableChannel channel = new MutableChannel(nextId("C"), name, false);
        channel.members.add(BOT_USER_ID);
        channel.members.addAll(List.of(members));
        channels.put(channel.id, channel);
        return channel.id;
    }

    /** A message someone posted; returns its ts. */
    public String addMessage(String channelId, String user, String text) {
        String ts = nextTs();
        channel(channelId).orElseThrow();
        channels.get(channelId).messages.add(new Message(ts, user, text, JSON.createArrayNode()));
        return ts;
    }

    public void archive(String channelId) {
        channels.get(channelId).archived = true;
    }

    public void removeBot(String channelId) {
        channels.get(channelId).members.remove(BOT_USER_ID);
    }

    /** Accept only this token from now on (e.g. to simulate a revoked one). */
    public void acceptToken(String value) {
        token = value;
    }

    /** Accept only this app-level token for {@code apps.connections.open} from now on. */
    public void acceptAppToken(String value) {
        appToken = value;
    }

    /** {@code apps.connections.open} hands out URLs on {@code server} (without one it is an unknown method here). */
    public FakeSlackWebApi serveSocketMode(FakeSocketModeServer server) {
        socketMode = server;
        return this;
    }

    // ------------------------------------------------------------------ misbehaviour

    /** The next {@code count} calls of any method fail so. */
    public void failNext(int count, Failure failure) {
        failures.add(new FailureRule("", failure, count, null));
    }

    /** The next {@code count} calls of {@code method} fail so. */
    public void failNext(String method, int count, Failure failure) {
        failures.add(new FailureRule(method, failure, count, null));
    }

    /** Every call fails so for {@code window} from now (a burst). */
    public void failFor(Duration window, Failure failure) {
        failures.add(new FailureRule("", failure, -1, Instant.now().plus(window)));
    }

    public void clearFailures() {
        failures.clear();
    }

    /** Each later call waits this long before answering ({@link Duration#ZERO} to stop); closing ends waits. */
    public void delayEachCall(Duration perCall) {
        delay = perCall;
    }

    /** response_urls handed out answer 404 {@code expired_url} from now on. */
    public void expireResponseUrls() {
        responseUrlsExpired = true;
    }

    // ------------------------------------------------------------------ what happened

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Calls in the order their answers were written. */
    public List<Answered> answered() {
        return List.copyOf(answered);
    }

    /** The most calls that were waiting for their answer at one time since the start or the last reset. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetMaxInFlight() {
        maxInFlight.set(inFlight.get());
    }

    public List<String> methods() {
        return calls.stream().map(Call::method).toList();
    }

    public Optional<Channel> channel(String id) {
        return Optional.ofNullable(channels.get(id)).map(MutableChannel::snapshot);
    }

    /** Every channel, in the order they were made. */
    public List<Channel> channels() {
        return channels.values().stream().sorted(java.util.Comparator.comparingInt(c -> Integer.parseInt(c.id.substring(3))))
                .map(MutableChannel::snapshot).toList();
    }

    /** Channels whose name is {@code name} or {@code name} with a suffix ({@code name-2}): duplicates show here. */
    public List<Channel> channelsNamedLike(String name) {
        return channels.values().stream().filter(c -> c.name.equals(name) || c.name.matches(Pattern.quote(name) + "-\\d+"))
                .map(MutableChannel::snapshot).toList();
    }

    /** The metadata stored with message {@code ts} in {@code channelId}, if it was posted with some. */
    public Optional<JsonNode> metadataOf(String channelId, String ts) {
        return Optional.ofNullable(channels.get(channelId)).map(c -> c.metadata.get(ts));
    }

    /** The channel's purpose and who set it. */
    public String purposeOf(String channelId) {
        return channels.get(channelId).purpose;
    }

    public Optional<Channel> channelNamed(String name) {
        return channels.values().stream().filter(c -> c.name.equals(name)).findFirst().map(MutableChannel::snapshot);
    }

    public List<Message> messages(String channelId) {
        return channel(channelId).map(Channel::messages).orElse(List.of());
    }

    /** The view of the latest {@code views.open} call, as the platform sent it. */
    public Optional<JsonNode> lastOpenedView() {
        List<Call> opens = calls("views.open");
        if (opens.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(opens.get(opens.size() - 1).param("view")));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Bytes POSTed to the upload_url of {@code fileId}. */
    public Optional<byte[]> uploaded(String fileId) {
        return Optional.ofNullable(uploads.get(fileId));
    }

    /** Files completed into {@code channelId}, by id. */
    public List<String> filesIn(String channelId) {
        return uploadedTo.entrySet().stream().filter(e -> e.getValue().equals(channelId)).map(Map.Entry::getKey)
                .toList();
    }

    /** A response_url on this fake, as Slack puts one into every command and click. */
    public String newResponseUrl() {
        return base.resolve("response/" + ids.incrementAndGet()).toString();
    }

    public List<ResponseUrlPost> responseUrlPosts() {
        return List.copyOf(responseUrlPosts);
    }

    // ------------------------------------------------------------------ HTTP

    private final class Endpoint extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            byte[] body;
            try (InputStream in = req.getInputStream()) {
                body = in.readAllBytes();
            }
            if (path.startsWith("/api/")) {
                api(path.substring("/api/".length()), req, body, resp);
            } else if (path.startsWith("/upload/")) {
                upload(path.substring("/upload/".length()), body, resp);
            } else if (path.startsWith("/response/")) {
                responseUrl(req.getRequestURL().toString(), body, resp);
            } else {
                resp.sendError(404);
            }
        }
    }

    private void api(String method, HttpServletRequest req, byte[] body, HttpServletResponse resp) throws IOException {
        Map<String, String> params = form(new String(body, StandardCharsets.UTF_8));
        String header = Optional.ofNullable(req.getHeader("Authorization")).orElse("");
        String given = header.startsWith("Bearer ") ? header.substring(7).trim() : params.getOrDefault("token", "");
        Instant now = Instant.now();
        Call call = new Call(method, Collections.unmodifiableMap(params), given, now);
        calls.add(call);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answer(method, header, given, params, now, resp);
        } finally {
            inFlight.decrementAndGet();
            answered.add(new Answered(call, Instant.now()));
        }
    }

    private void answer(String method, String header, String given, Map<String, String> params, Instant now,
                        HttpServletResponse resp) throws IOException {

        Duration wait = delay;
        if (!wait.isZero()) {
            try {
                closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (FailureRule rule : failures) {
            if (rule.take(method, now)) {
                if (rule.failure instanceof Failure.AnswerLost lost && given.equals(token)) {
                    dispatch(method, params);
                    resp.setStatus(lost.status());
                } else {
                    fail(rule.failure, resp);
                }
                return;
            }
        }
        ObjectNode answer;
        if (method.equals("apps.connections.open")) {
            answer = openConnection(header.startsWith("Bearer "), given);
        } else if (given.isEmpty()) {
            answer = sample("errors/not_authed.json");
        } else if (given.equals(appToken)) {
            answer = error("not_allowed_token_type");
        } else if (!given.equals(token)) {
            answer = sample("errors/invalid_auth.json");
        } else {
            answer = dispatch(method, params);
        }
        write(resp, 200, answer);
    }

    private void fail(Failure failure, HttpServletResponse resp) throws IOException {
        if (failure instanceof Failure.Ratelimited r) {
            resp.setHeader("Retry-After", Integer.toString(r.retryAfterSeconds()));
            write(resp, 429, sample("errors/ratelimited.json"));
        } else if (failure instanceof Failure.ServerError s) {
            resp.setStatus(s.status());
        } else if (failure instanceof Failure.SlackError e) {
            write(resp, 200, error(e.code()));
        }
    }

    private ObjectNode dispatch(String method, Map<String, String> p) {
        switch (method) {
            case "auth.test":
                return authTest();
            case "conversations.create":
                return require(p, "name").orElseGet(() -> create(p));
            case "conversations.invite":
                return require(p, "channel", "users").orElseGet(() -> invite(p));
            case "usergroups.users.list":
                return require(p, "usergroup").orElseGet(() -> userGroupUsers(p));
            case "users.lookupByEmail":
                return require(p, "email").orElseGet(() -> lookupByEmail(p));
            case "chat.postMessage":
                return require(p, "channel").orElseGet(() -> postMessage(p));
            case "chat.update":
                return require(p, "channel", "ts").orElseGet(() -> update(p));
            case "chat.postEphemeral":
                return require(p, "channel", "user").orElseGet(() -> postEphemeral(p));
            case "pins.add":
                return require(p, "channel", "timestamp").orElseGet(() -> pin(p));
            case "conversations.setTopic":
                return require(p, "channel", "topic").orElseGet(() -> setTopic(p));
            case "conversations.history":
                return require(p, "channel").orElseGet(() -> history(p));
            case "conversations.replies":
                return require(p, "channel", "ts").orElseGet(() -> replies(p));
            case "users.info":
                return require(p, "user").orElseGet(() -> usersInfo(p));
            case "users.list":
                return usersList(p);
            case "conversations.list":
                return list(p);
            case "conversations.members":
                return require(p, "channel").orElseGet(() -> members(p));
            case "conversations.setPurpose":
                return require(p, "channel", "purpose").orElseGet(() -> setPurpose(p));
            case "chat.getPermalink":
                return require(p, "channel", "message_ts").orElseGet(() -> permalink(p));
            case "files.getUploadURLExternal":
                return require(p, "filename", "length").orElseGet(() -> uploadUrl(p));
            case "files.completeUploadExternal":
                return require(p, "files").orElseGet(() -> completeUpload(p));
            case "views.open":
                return require(p, "trigger_id", "view").orElseGet(() -> viewsOpen(p));
            default:
                return error("unknown_method");
        }
    }

    /** Slack's Socket Mode URL; the app-level token only, and only in the Authorization header. */
    private ObjectNode openConnection(boolean inHeader, String given) {
        if (given.isEmpty() || !inHeader) {
            return sample("errors/not_authed.json");
        }
        if (given.equals(token)) {
            return error("not_allowed_token_type");
        }
        if (!given.equals(appToken)) {
            return sample("errors/invalid_auth.json");
        }
        FakeSocketModeServer server = socketMode;
        if (server == null) {
            return error("unknown_method");
        }
        ObjectNode r = sample("api/apps.connections.open.json");
        r.put("url", server.newConnectionUrl().toString());
        return r;
    }

    private ObjectNode authTest() {
        ObjectNode r = sample("api/auth.test.json");
        r.put("user_id", BOT_USER_ID).put("team_id", TEAM_ID).put("user", "incident-bot")
                .put("url", base.toString());
        return r;
    }

    private ObjectNode create(Map<String, String> p) {
        String name = p.get("name");
        if (name.length() > 80) {
            return sample("errors/invalid_name_maxlength.json");
        }
        if (!CHANNEL_NAME.matcher(name).matches()) {
            return sample("errors/invalid_name_specials.json");
        }
        boolean isPrivate = flag(p, "is_private");
        MutableChannel channel = new MutableChannel(nextId("C"), name, isPrivate);
        synchronized (channels) {
            if (channels.values().stream().anyMatch(c -> c.name.equals(name))) {
                return sample("errors/name_taken.json");
            }
            channel.members.add(BOT_USER_ID);
            channel.creator = BOT_USER_ID;
            channels.put(channel.id, channel);
        }
        ObjectNode r = sample("api/conversations.create.json");
        ObjectNode c = (ObjectNode) r.get("channel");
        c.put("id", channel.id).put("name", name).put("name_normalized", name).put("is_private", isPrivate)
                .put("creator", BOT_USER_ID).put("created", Instant.now().getEpochSecond());
        return r;
    }

    private ObjectNode invite(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        if (channel == null) {
            return sample("errors/channel_not_found.json");
        }
        if (channel.archived) {
            return sample("errors/is_archived.json");
        }
        if (!channel.members.contains(BOT_USER_ID)) {
            return sample("errors/not_in_channel.json");
        }
        boolean force = flag(p, "force");
        List<String> invited = new ArrayList<>();
        ArrayNode errors = JSON.createArrayNode();
        for (String user : new LinkedHashSet<>(List.of(p.get("users").split(",")))) {
            String code = user.equals(BOT_USER_ID) ? "cant_invite_self"
                    : !users.containsKey(user) ? "user_not_found"
                    : channel.members.contains(user) ? "already_in_channel" : "";
            if (code.isEmpty()) {
                invited.add(user);
            } else {
                errors.addObject().put("ok", false).put("error", code).put("user", user);
            }
        }
        if (errors.isEmpty() || force) {
            channel.members.addAll(invited);
        }
        if (!errors.isEmpty()) {
            ObjectNode r = error(errors.get(0).get("error").asText());
            r.set("errors", errors);
            return r;
        }
        ObjectNode r = sample("api/conversations.invite.json");
        ((ObjectNode) r.get("channel")).put("id", channel.id).put("name", channel.name)
                .put("num_members", channel.members.size());
        return r;
    }

    private ObjectNode userGroupUsers(Map<String, String> p) {
        List<String> members = userGroups.get(p.get("usergroup"));
        if (members == null) {
            return error("no_such_subteam");
        }
        ObjectNode r = sample("api/usergroups.users.list.json");
        ArrayNode list = r.putArray("users");
        members.forEach(list::add);
        return r;
    }

    private ObjectNode lookupByEmail(Map<String, String> p) {
        String email = p.get("email");
        Optional<Map.Entry<String, String[]>> user = users.entrySet().stream()
                .filter(e -> e.getValue()[1].equalsIgnoreCase(email)).findFirst();
        if (user.isEmpty()) {
            return sample("errors/users_not_found.json");
        }
        ObjectNode r = sample("api/users.lookupByEmail.json");
        ObjectNode u = (ObjectNode) r.get("user");
        u.put("id", user.get().getKey()).put("name", user.get().getValue()[0]).put("team_id", TEAM_ID);
        ((ObjectNode) u.get("profile")).put("email", email).put("display_name", user.get().getValue()[2]);
        return r;
    }

    /** Common checks for posting into a channel; empty if the bot may post there. */
    private Optional<ObjectNode> postable(MutableChannel channel) {
        if (channel == null) {
            return Optional.of(sample("errors/channel_not_found.json"));
        }
        if (channel.archived) {
            return Optional.of(sample("errors/is_archived.json"));
        }
        if (!channel.members.contains(BOT_USER_ID)) {
            return Optional.of(sample("errors/not_in_channel.json"));
        }
        return Optional.empty();
    }

    private ObjectNode postMessage(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        Optional<ObjectNode> refused = postable(channel);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<JsonNode> blocks = blocks(p);
        if (blocks.isEmpty()) {
            return error("invalid_blocks");
        }
        if (p.getOrDefault("text", "").isEmpty() && blocks.get().isEmpty()) {
            return error("no_text");
        }
        Optional<JsonNode> metadata = metadata(p);
        if (metadata.isEmpty()) {
            return error("invalid_metadata_format");
        }
        String ts = nextTs();
        if (!metadata.get().isMissingNode()) {
            channel.metadata.put(ts, metadata.get());
        }
        channel.messages.add(new Message(ts, BOT_USER_ID, p.getOrDefault("text", ""), blocks.get()));
        ObjectNode r = sample("api/chat.postMessage.json");
        r.put("channel", channel.id).put("ts", ts);
        ObjectNode message = JSON.createObjectNode().put("type", "message").put("user", BOT_USER_ID)
                .put("text", p.getOrDefault("text", "")).put("ts", ts);
        message.set("blocks", blocks.get());
        if (!metadata.get().isMissingNode()) {
            message.set("metadata", metadata.get());
        }
        r.set("message", message);
        return r;
    }

    /**
     * chat.postMessage's {@code metadata}: a JSON object with a string {@code event_type} and an object
     * {@code event_payload} (https://api.slack.com/metadata/using). A missing node when none was sent; empty when
     * malformed, which Slack answers with {@code invalid_metadata_format}.
     */
    private static Optional<JsonNode> metadata(Map<String, String> p) {
        String raw = p.get("metadata");
        if (raw == null) {
            return Optional.of(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        }
        try {
            JsonNode m = JSON.readTree(raw);
            if (m == null || !m.isObject() || !m.path("event_type").isTextual() || !m.path("event_payload").isObject()) {
                return Optional.empty();
            }
            return Optional.of(m);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private ObjectNode update(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        Optional<ObjectNode> refused = postable(channel);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Message> old = channel.message(p.get("ts"));
        if (old.isEmpty()) {
            return error("message_not_found");
        }
        if (!old.get().user().equals(BOT_USER_ID)) {
            return error("cant_update_message");
        }
        Optional<JsonNode> blocks = blocks(p);
        if (blocks.isEmpty()) {
            return error("invalid_blocks");
        }
        Message updated = new Message(old.get().ts(), BOT_USER_ID, p.getOrDefault("text", ""), blocks.get());
        channel.messages.replaceAll(m -> m.ts().equals(updated.ts()) ? updated : m);
        ObjectNode r = sample("api/chat.update.json");
        r.put("channel", channel.id).put("ts", updated.ts()).put("text", updated.text());
        ((ObjectNode) r.get("message")).put("text", updated.text()).put("user", BOT_USER_ID);
        return r;
    }

    private ObjectNode postEphemeral(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        Optional<ObjectNode> refused = postable(channel);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!channel.members.contains(p.get("user"))) {
            return sample("errors/user_not_in_channel.json");
        }
        if (blocks(p).isEmpty()) {
            return error("invalid_blocks");
        }
        ObjectNode r = sample("api/chat.postEphemeral.json");
        r.put("message_ts", nextTs());
        return r;
    }

    private ObjectNode pin(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        Optional<ObjectNode> refused = postable(channel);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (channel.message(p.get("timestamp")).isEmpty()) {
            return error("message_not_found");
        }
        if (!channel.pins.add(p.get("timestamp"))) {
            return sample("errors/already_pinned.json");
        }
        return sample("api/pins.add.json");
    }

    private ObjectNode setTopic(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        Optional<ObjectNode> refused = postable(channel);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (p.get("topic").codePointCount(0, p.get("topic").length()) > 250) {
            return error("too_long");
        }
        channel.topic = p.get("topic");
        return sample("api/conversations.setTopic.json");
    }

    private ObjectNode history(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        if (channel == null) {
            return sample("errors/channel_not_found.json");
        }
        if (!channel.members.contains(BOT_USER_ID) && !channel.isPrivate) {
            return sample("errors/not_in_channel.json");
        }
        String latest = p.getOrDefault("latest", "");
        boolean inclusive = flag(p, "inclusive");
        // Metadata only with include_all_metadata (https://api.slack.com/methods/conversations.history).
        boolean withMetadata = flag(p, "include_all_metadata");
        int limit = Integer.parseInt(p.getOrDefault("limit", "100"));
        List<Message> newestFirst = new ArrayList<>(channel.messages);
        Collections.reverse(newestFirst);
        ObjectNode r = sample("api/conversations.history.json");
        ArrayNode messages = r.putArray("messages");
        for (Message m : newestFirst) {
            int cmp = latest.isEmpty() ? -1 : new java.math.BigDecimal(m.ts()).compareTo(new java.math.BigDecimal(latest));
            if ((cmp < 0 || (cmp == 0 && inclusive)) && messages.size() < limit) {
                ObjectNode out = messages.addObject().put("type", "message").put("user", m.user()).put("text", m.text())
                        .put("ts", m.ts());
                JsonNode metadata = channel.metadata.get(m.ts());
                if (withMetadata && metadata != null) {
                    out.set("metadata", metadata);
                }
                JsonNode shared = channel.files.get(m.ts());
                if (shared != null) {
                    out.put("upload", true).set("files", shared);
                }
            }
        }
        r.put("has_more", false);
        r.remove("response_metadata");
        return r;
    }

    /**
     * conversations.replies (docs.slack.dev/reference/methods/conversations.replies): {@code ts} is the parent's or any
     * reply's; the parent comes first, then the replies within oldest/latest; thread_not_found for an unknown ts.
     */
    private ObjectNode replies(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        if (channel == null) {
            return sample("errors/channel_not_found.json");
        }
        if (!channel.members.contains(BOT_USER_ID) && !channel.isPrivate) {
            return sample("errors/not_in_channel.json");
        }
        List<String[]> all = replies.getOrDefault(channel.id, List.of());
        String ts = p.get("ts");
        String parentTs = all.stream().filter(r -> r[1].equals(ts)).map(r -> r[0]).findFirst().orElse(ts);
        Optional<Message> parent = channel.message(parentTs);
        if (parent.isEmpty()) {
            return error("thread_not_found");
        }
        java.math.BigDecimal oldest = new java.math.BigDecimal(p.getOrDefault("oldest", "0"));
        java.math.BigDecimal latest = p.containsKey("latest") ? new java.math.BigDecimal(p.get("latest")) : null;
        boolean inclusive = flag(p, "inclusive");
        int limit = Integer.parseInt(p.getOrDefault("limit", "1000"));
        ObjectNode r = sample("api/conversations.replies.json");
        ArrayNode messages = r.putArray("messages");
        messages.addObject().put("type", "message").put("user", parent.get().user()).put("text", parent.get().text())
                .put("thread_ts", parentTs).put("ts", parentTs);
        for (String[] reply : all) {
            java.math.BigDecimal at = new java.math.BigDecimal(reply[1]);
            boolean afterOldest = inclusive ? at.compareTo(oldest) >= 0 : at.compareTo(oldest) > 0;
            boolean beforeLatest = latest == null || (inclusive ? at.compareTo(latest) <= 0 : at.compareTo(latest) < 0);
            if (reply[0].equals(parentTs) && afterOldest && beforeLatest && messages.size() <= limit) {
                messages.addObject().put("type", "message").put("user", reply[2]).put("text", reply[3])
                        .put("thread_ts", parentTs).put("parent_user_id", parent.get().user()).put("ts", reply[1]);
            }
        }
        r.put("has_more", false);
        ((ObjectNode) r.get("response_metadata")).put("next_cursor", "");
        return r;
    }

    /** users.info (docs.slack.dev/reference/methods/users.info); user_not_found for an unknown id. */
    private ObjectNode usersInfo(Map<String, String> p) {
        String[] user = users.get(p.get("user"));
        if (user == null) {
            return sample("errors/user_not_found.json");
        }
        ObjectNode r = sample("api/users.info.json");
        r.set("user", userObject(p.get("user"), user, (ObjectNode) r.get("user")));
        return r;
    }

    /**
     * users.list (docs.slack.dev/reference/methods/users.list), paginated: {@code limit} per page (Slack's cap is 1000),
     * {@code cursor} from the previous page's response_metadata.next_cursor; invalid_cursor for one it did not hand out.
     */
    private ObjectNode usersList(Map<String, String> p) {
        List<String> ids = new ArrayList<>(new java.util.TreeSet<>(users.keySet()));
        return page(p, 1000, "user:", ids, (r, idsOnPage) -> {
            ObjectNode template = (ObjectNode) r.get("members").get(0);
            ArrayNode members = r.putArray("members");
            idsOnPage.forEach(id -> members.add(userObject(id, users.get(id), template.deepCopy())));
        }, "api/users.list.json");
    }

    /**
     * One page of {@code ids} as Slack pages lists: {@code limit} per page ({@code defaultLimit} when absent, at most
     * 1000), {@code cursor} from the previous page's response_metadata.next_cursor; invalid_cursor for one it did not
     * hand out. {@code fill} puts the page's items into the sample answer.
     */
    private ObjectNode page(Map<String, String> p, int defaultLimit, String cursorPrefix, List<String> ids,
                            java.util.function.BiConsumer<ObjectNode, List<String>> fill, String sample) {
        int limit;
        try {
            limit = Integer.parseInt(p.getOrDefault("limit", Integer.toString(defaultLimit)));
        } catch (NumberFormatException e) {
            return error("invalid_limit");
        }
        limit = limit <= 0 ? defaultLimit : Math.min(limit, 1000);
        int start = 0;
        String cursor = p.getOrDefault("cursor", "");
        if (!cursor.isEmpty()) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
                if (!decoded.startsWith(cursorPrefix)) {
                    return error("invalid_cursor");
                }
                start = Integer.parseInt(decoded.substring(cursorPrefix.length()));
            } catch (IllegalArgumentException e) {
                return error("invalid_cursor");
            }
        }
        ObjectNode r = sample(sample);
        int end = Math.min(ids.size(), start + limit);
        fill.accept(r, ids.subList(Math.min(start, ids.size()), end));
        ((ObjectNode) r.get("response_metadata")).put("next_cursor", end < ids.size()
                ? java.util.Base64.getEncoder().encodeToString((cursorPrefix + end).getBytes(StandardCharsets.UTF_8)) : "");
        return r;
    }

    /**
     * conversations.members (https://api.slack.com/methods/conversations.members): user ids, {@code limit} per page
     * (default 100, at most 1000), {@code cursor} from the previous page; channel_not_found for a channel it does not
     * know, or a private one the bot is not in.
     */
    private ObjectNode members(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        if (channel == null || (channel.isPrivate && !channel.members.contains(BOT_USER_ID))) {
            return sample("errors/channel_not_found.json");
        }
        List<String> ids = new ArrayList<>(new java.util.TreeSet<>(channel.members));
        return page(p, 100, "member:", ids, (r, idsOnPage) -> idsOnPage.forEach(r.putArray("members")::add),
                "api/conversations.members.json");
    }

    private static ObjectNode userObject(String id, String[] user, ObjectNode shape) {
        shape.put("id", id).put("name", user[0]).put("real_name", user[3]).put("team_id", TEAM_ID)
                .put("is_bot", id.equals(BOT_USER_ID));
        ((ObjectNode) shape.get("profile")).put("email", user[1]).put("display_name", user[2])
                .put("display_name_normalized", user[2]).put("real_name", user[3]).put("real_name_normalized", user[3]);
        return shape;
    }

    /**
     * conversations.list (https://api.slack.com/methods/conversations.list): {@code types} (default public_channel),
     * {@code exclude_archived}, {@code limit} (at most 1000), {@code cursor}; private channels only where the bot is a
     * member. Each channel is the conversation object of conversations.info; paging by response_metadata.next_cursor.
     */
    private ObjectNode list(Map<String, String> p) {
        Set<String> types = Set.of(p.getOrDefault("types", "public_channel").split(","));
        for (String type : types) {
            if (!Set.of("public_channel", "private_channel", "mpim", "im").contains(type)) {
                return error("invalid_types");
            }
        }
        int limit;
        try {
            limit = Integer.parseInt(p.getOrDefault("limit", "100"));
        } catch (NumberFormatException e) {
            return error("invalid_limit");
        }
        if (limit < 1 || limit > 1000) {
            return error("invalid_limit");
        }
        int from;
        try {
            from = p.getOrDefault("cursor", "").isEmpty() ? 0 : Integer.parseInt(p.get("cursor").replace("dGVhbTpD", ""));
        } catch (NumberFormatException e) {
            return error("invalid_cursor");
        }
        boolean excludeArchived = flag(p, "exclude_archived");
        List<MutableChannel> visible = channels.values().stream()
                .filter(c -> c.isPrivate ? types.contains("private_channel") && c.members.contains(BOT_USER_ID)
                        : types.contains("public_channel"))
                .filter(c -> !(excludeArchived && c.archived))
                .sorted(java.util.Comparator.comparing(c -> c.id)).toList();
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        ArrayNode out = r.putArray("channels");
        for (int i = from; i < Math.min(visible.size(), from + limit); i++) {
            out.add(conversation(visible.get(i)));
        }
        r.putObject("response_metadata").put("next_cursor", from + limit < visible.size() ? "dGVhbTpD" + (from + limit) : "");
        return r;
    }

    /** conversations.setPurpose (https://api.slack.com/methods/conversations.setPurpose): at most 250 characters. */
    private ObjectNode setPurpose(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        Optional<ObjectNode> refused = postable(channel);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (p.get("purpose").codePointCount(0, p.get("purpose").length()) > 250) {
            return error("too_long");
        }
        channel.purpose = p.get("purpose");
        channel.purposeCreator = BOT_USER_ID;
        ObjectNode r = sample("api/conversations.setPurpose.json");
        r.set("channel", conversation(channel));
        return r;
    }

    /** A channel as conversations.info and conversations.list describe it (the keys of the setPurpose sample). */
    private ObjectNode conversation(MutableChannel c) {
        ObjectNode node = (ObjectNode) sample("api/conversations.setPurpose.json").get("channel").deepCopy();
        node.put("id", c.id).put("name", c.name).put("name_normalized", c.name).put("is_channel", !c.isPrivate)
                .put("is_group", c.isPrivate).put("is_private", c.isPrivate).put("is_archived", c.archived)
                .put("creator", c.creator).put("is_member", c.members.contains(BOT_USER_ID));
        ((ObjectNode) node.get("topic")).put("value", c.topic);
        ((ObjectNode) node.get("purpose")).put("value", c.purpose).put("creator", c.purposeCreator);
        return node;
    }

    private ObjectNode permalink(Map<String, String> p) {
        MutableChannel channel = channels.get(p.get("channel"));
        if (channel == null) {
            return sample("errors/channel_not_found.json");
        }
        String ts = p.get("message_ts");
        Optional<String> threadTs = replies.getOrDefault(channel.id, List.of()).stream().filter(r -> r[1].equals(ts))
                .map(r -> r[0]).findFirst();
        if (channel.message(ts).isEmpty() && threadTs.isEmpty()) {
            return error("message_not_found");
        }
        ObjectNode r = sample("api/chat.getPermalink.json");
        // A reply's permalink names its thread, as Slack's do: ...?thread_ts=<parent>&cid=<channel>
        r.put("channel", channel.id).put("permalink", base + "archives/" + channel.id + "/p" + ts.replace(".", "")
                + threadTs.map(t -> "?thread_ts=" + t + "&cid=" + channel.id).orElse(""));
        return r;
    }

    private ObjectNode uploadUrl(Map<String, String> p) {
        int length;
        try {
            length = Integer.parseInt(p.get("length"));
        } catch (NumberFormatException e) {
            return error("invalid_arguments");
        }
        if (length <= 0) {
            return error("invalid_length");
        }
        String fileId = nextId("F");
        pendingUploads.put(fileId, p.get("filename"));
        ObjectNode r = sample("api/files.getUploadURLExternal.json");
        r.put("upload_url", base.resolve("upload/" + fileId).toString()).put("file_id", fileId);
        r.remove("response_metadata");
        return r;
    }

    private ObjectNode completeUpload(Map<String, String> p) {
        JsonNode files;
        try {
            files = JSON.readTree(p.get("files"));
        } catch (JsonProcessingException e) {
            return error("invalid_arguments");
        }
        if (!files.isArray() || files.isEmpty()) {
            return error("invalid_arguments");
        }
        String channelId = p.getOrDefault("channel_id", "");
        MutableChannel channel = channelId.isEmpty() ? null : channels.get(channelId);
        if (!channelId.isEmpty()) {
            Optional<ObjectNode> refused = postable(channel);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        ObjectNode r = sample("api/files.completeUploadExternal.json");
        ArrayNode out = r.putArray("files");
        for (JsonNode f : files) {
            String id = f.path("id").asText();
            if (!uploads.containsKey(id)) {
                return error("file_not_found");
            }
            out.addObject().put("id", id).put("name", pendingUploads.getOrDefault(id, ""))
                    .put("title", f.path("title").asText(pendingUploads.getOrDefault(id, "")));
            if (channel != null) {
                uploadedTo.put(id, channel.id);
                String ts = nextTs();
                channel.messages.add(new Message(ts, BOT_USER_ID, p.getOrDefault("initial_comment", ""),
                        JSON.createArrayNode()));
                // A file share lists its files in conversations.history (docs.slack.dev/reference/objects/file-object).
                ArrayNode shared = JSON.createArrayNode();
                shared.addObject().put("id", id).put("name", pendingUploads.getOrDefault(id, ""))
                        .put("title", f.path("title").asText(pendingUploads.getOrDefault(id, "")))
                        .put("size", uploads.get(id).length).put("user", BOT_USER_ID);
                channel.files.put(ts, shared);
            }
        }
        r.remove("response_metadata");
        return r;
    }

    private ObjectNode viewsOpen(Map<String, String> p) {
        JsonNode view;
        try {
            view = JSON.readTree(p.get("view"));
        } catch (JsonProcessingException e) {
            return error("invalid_arguments");
        }
        if (!"modal".equals(view.path("type").asText()) || view.path("title").path("text").asText().length() > 24
                || view.path("blocks").size() > 100 || view.path("private_metadata").asText().length() > 3000) {
            return error("invalid_arguments");
        }
        for (JsonNode block : view.path("blocks")) {
            if ("input".equals(block.path("type").asText())
                    && (!block.has("label") || !block.has("element") || block.path("block_id").asText().isEmpty())) {
                return error("invalid_arguments");
            }
        }
        ObjectNode r = sample("api/views.open.json");
        ObjectNode v = (ObjectNode) r.get("view");
        v.set("blocks", view.path("blocks"));
        v.set("title", view.path("title"));
        v.put("id", nextId("V")).put("callback_id", view.path("callback_id").asText())
                .put("private_metadata", view.path("private_metadata").asText()).put("team_id", TEAM_ID);
        return r;
    }

    /**
     * The parsed {@code blocks} argument, or empty when Slack would answer {@code invalid_blocks}: limits on the
     * number of blocks and on the text of headers, sections, fields, buttons and context elements.
     */
    private static Optional<JsonNode> blocks(Map<String, String> p) {
        String raw = p.getOrDefault("blocks", "");
        if (raw.isEmpty()) {
            return Optional.of(JSON.createArrayNode());
        }
        JsonNode blocks;
        try {
            blocks = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (!blocks.isArray() || blocks.size() > 50) {
            return Optional.empty();
        }
        for (JsonNode block : blocks) {
            if (!validBlock(block)) {
                return Optional.empty();
            }
        }
        return Optional.of(blocks);
    }

    private static boolean validBlock(JsonNode block) {
        switch (block.path("type").asText()) {
            case "header":
                return "plain_text".equals(block.path("text").path("type").asText())
                        && textWithin(block.path("text"), 150);
            case "section":
                if (block.has("text") && !textWithin(block.path("text"), 3000)) {
                    return false;
                }
                if (block.has("fields")) {
                    if (block.path("fields").size() > 10) {
                        return false;
                    }
                    for (JsonNode field : block.path("fields")) {
                        if (!textWithin(field, 2000)) {
                            return false;
                        }
                    }
                }
                return block.has("text") || block.has("fields");
            case "context":
                if (block.path("elements").isEmpty() || block.path("elements").size() > 10) {
                    return false;
                }
                for (JsonNode element : block.path("elements")) {
                    if (!textWithin(element, 3000)) {
                        return false;
                    }
                }
                return true;
            case "actions":
                if (block.path("elements").isEmpty() || block.path("elements").size() > 25) {
                    return false;
                }
                Set<String> actionIds = new LinkedHashSet<>();
                for (JsonNode button : block.path("elements")) {
                    if (!"button".equals(button.path("type").asText()) || !textWithin(button.path("text"), 75)
                            || button.path("action_id").asText().length() > 255
                            || button.path("value").asText().length() > 2000
                            || !actionIds.add(button.path("action_id").asText())) {
                        return false;
                    }
                }
                return true;
            case "divider":
                return true;
            default:
                return false;
        }
    }

    private static boolean textWithin(JsonNode textObject, int max) {
        String text = textObject.path("text").asText("");
        String type = textObject.path("type").asText();
        return (type.equals("mrkdwn") || type.equals("plain_text")) && !text.isEmpty()
                && text.codePointCount(0, text.length()) <= max;
    }

    private void upload(String fileId, byte[] body, HttpServletResponse resp) throws IOException {
        if (!pendingUploads.containsKey(fileId)) {
            resp.sendError(404);
            return;
        }
        uploads.put(fileId, body);
        resp.setStatus(200);
        resp.setContentType("text/plain");
        resp.getOutputStream().write(("OK - " + body.length).getBytes(StandardCharsets.US_ASCII));
    }

    private void responseUrl(String url, byte[] body, HttpServletResponse resp) throws IOException {
        if (responseUrlsExpired) {
            resp.setStatus(404);
            resp.getOutputStream().write("expired_url".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            resp.setStatus(400);
            return;
        }
        responseUrlPosts.add(new ResponseUrlPost(url, json));
        resp.setStatus(200);
        resp.setContentType("text/plain");
        resp.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
    }

    // ------------------------------------------------------------------ helpers

    private static Optional<ObjectNode> require(Map<String, String> params, String... names) {
        for (String name : names) {
            if (params.getOrDefault(name, "").isEmpty()) {
                ObjectNode r = error("invalid_arguments");
                r.putObject("response_metadata").putArray("messages")
                        .add("[ERROR] missing required field: " + name);
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Slack reads booleans as {@code true} or {@code 1} (slack-api-client sends 1). */
    private static boolean flag(Map<String, String> params, String name) {
        String value = params.getOrDefault(name, "");
        return value.equals("1") || value.equalsIgnoreCase("true");
    }

    private static ObjectNode error(String code) {
        return JSON.createObjectNode().put("ok", false).put("error", code);
    }

    /** A sample as Slack would send it on success: {@code ok} true, no error/needed/provided/warning keys. */
    private static ObjectNode sample(String path) {
        try (InputStream in = FakeSlackWebApi.class.getResourceAsStream(SAMPLES + path)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + path);
            }
            ObjectNode node = (ObjectNode) JSON.readTree(in);
            if (path.startsWith("api/")) {
                node.put("ok", true);
                node.remove(List.of("error", "needed", "provided", "warning"));
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private String nextId(String prefix) {
        return prefix + "0F" + ids.incrementAndGet();
    }

    /** Unique, increasing message timestamps shaped like Slack's ("1700000000.000123"). */
    private String nextTs() {
        long n = tsCounter.incrementAndGet();
        return Instant.now().getEpochSecond() + "." + String.format("%06d", n % 1_000_000);
    }
}
