package dev.incidentbot.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConsumerLease;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlatformConfigurationException;
import dev.incidentbot.chat.PlatformState;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.net.URLConnection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matrix chat platform: a {@code /sync} long-poll loop on its own thread turns commands and pin reactions from
 * allowed users into {@link Inbound}s, and the {@link ChatPlatform} operations map onto client-server API calls.
 * Sends use transaction ids derived from the caller's idempotency key (or the inbound event), so a retried send never
 * posts twice. It never retries or sleeps on a delivery: failures surface as {@link DeliveryException}s.
 */
public final class MatrixPlatform implements ChatPlatform {
    /** {@link PlatformState} keys. */
    public static final String STATE_ACCESS_TOKEN = "access_token";
    public static final String STATE_DEVICE_ID = "device_id";
    public static final String STATE_LOGIN_USER = "login_user";
    public static final String STATE_NEXT_BATCH = "next_batch";

    public static final int MODERATOR_POWER = 50;

    private static final Logger log = LoggerFactory.getLogger(MatrixPlatform.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    private static final String DEVICE_NAME = "incident-bot";
    private static final List<String> TIMELINE_TYPES = List.of("m.room.message", "m.reaction", "m.room.name",
            "m.room.encryption");
    private static final int MAX_GAP_PAGES = 20;
    private static final int MAX_ALIAS_ATTEMPTS = 5;
    /** How long after someone acted the bot's posts in that room leave them unpinged. */
    private static final Duration ACTOR_QUIET = Duration.ofMinutes(2);
    /** The state event naming the conversation the bot made a room for; its nonce tells one creation from another. */
    static final String ROOM_MARKER = "dev.incidentbot.conversation";
    /** How often a standby replica asks whether it is the consumer now: part of the failover time. */
    private static final Duration STANDBY_POLL = Duration.ofMillis(500);
    /**
     * Only what the bot reads: messages, reactions, room names, and memberships (to see where its own begins);
     * no presence, receipts or account data.
     */
    private static final String SYNC_FILTER = "{\"presence\":{\"types\":[]},\"account_data\":{\"types\":[]},"
            + "\"room\":{\"include_leave\":false,\"account_data\":{\"types\":[]},\"ephemeral\":{\"types\":[]},"
            + "\"state\":{\"types\":[\"m.room.name\",\"m.room.encryption\"],\"lazy_load_members\":true},"
            + "\"timeline\":{\"types\":[\"m.room.message\",\"m.reaction\",\"m.room.name\",\"m.room.member\","
            + "\"m.room.encryption\"],"
            + "\"limit\":50}}}";

    private final MatrixSettings settings;
    private final PlatformState state;
    private final ConsumerLease consumer;
    private final CommandPrefixes commands;
    private final Map<String, String> roomNames = new ConcurrentHashMap<>();
    private final Set<String> pendingJoins = ConcurrentHashMap.newKeySet();
    private final Set<String> invited = ConcurrentHashMap.newKeySet();
    private final Map<String, Actor> lastActors = new ConcurrentHashMap<>();
    private final Object connectLock = new Object();
    private final Object wakeup = new Object();

    private volatile Connection connection;
    private volatile InboundHandler handler;
    private volatile boolean running;
    private volatile boolean syncHealthy;
    private volatile Thread syncThread;
    private volatile CompletableFuture<SyncResponse> currentSync = CompletableFuture.completedFuture(null);

    /** Who last sent the bot a command or reaction in a room, and when. */
    private record Actor(String userId, Instant at) {
    }

    /** A working client and who it acts as. */
    private record Connection(MatrixClient client, String userId, MatrixRenderer renderer) {
        String server() {
            return MatrixIds.server(userId);
        }
    }

    public MatrixPlatform(MatrixSettings settings, PlatformState state) {
        this(settings, state, ConsumerLease.ALWAYS);
    }

    /** With replicas: only the holder of {@code consumer} runs /sync; every replica can still send. */
    public MatrixPlatform(MatrixSettings settings, PlatformState state, ConsumerLease consumer) {
        this.settings = settings;
        this.state = state;
        this.consumer = consumer;
        this.commands = new CommandPrefixes(settings.commandPrefixes());
    }

    /** The platform configured by {@code MATRIX_*} environment variables, or empty when they do not configure one. */
    public static Optional<MatrixPlatform> fromEnvironment(Map<String, String> env, PlatformState state) {
        return MatrixSettings.fromEnvironment(env).map(settings -> new MatrixPlatform(settings, state));
    }

    @Override
    public String name() {
        return "matrix";
    }

    /** The bot's own user id, known once connected (after {@link #start}). */
    public Optional<String> userId() {
        Connection c = connection;
        return c == null ? Optional.empty() : Optional.of(c.userId());
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    @Override
    public void start(InboundHandler inboundHandler) {
        if (running) {
            throw new IllegalStateException("matrix platform already started");
        }
        this.handler = inboundHandler;
        connect();
        running = true;
        syncHealthy = false;
        Thread thread = new Thread(this::syncLoop, "matrix-sync");
        thread.setDaemon(true);
        syncThread = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        currentSync.cancel(true);
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        Thread thread = syncThread;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                // Let a batch being handled finish, so its token is stored and nothing is handled twice.
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        syncThread = null;
        syncHealthy = false;
    }

    @Override
    public boolean isReady() {
        // A standby replica (another one syncs) is ready to send.
        return running && (syncHealthy || (!consumer.held() && connection != null));
    }

    private Connection connect() {
        synchronized (connectLock) {
            if (connection != null) {
                return connection;
            }
            MatrixClient anonymous = MatrixClient.anonymous(settings.homeserver());
            Session session;
            MatrixClient client;
            if (settings.credentials() instanceof MatrixSettings.Credentials.AccessToken token) {
                client = anonymous.withAccessToken(token.token());
                session = whoami(client, "MATRIX_ACCESS_TOKEN");
            } else {
                MatrixSettings.Credentials.Password password = (MatrixSettings.Credentials.Password) settings.credentials();
                client = storedLogin(anonymous, password).orElseGet(() -> login(anonymous, password));
                session = whoami(client, "MATRIX_PASSWORD");
            }
            log.info("matrix: connected to {} as {}", settings.homeserver(), session.userId());
            connection = new Connection(client, session.userId(),
                    new MatrixRenderer(settings.commandPrefixes(), MatrixIds.server(session.userId())));
            return connection;
        }
    }

    /** The token kept from an earlier login, if it is for the configured user and still valid. */
    private Optional<MatrixClient> storedLogin(MatrixClient anonymous, MatrixSettings.Credentials.Password password) {
        Optional<String> token = state.get(STATE_ACCESS_TOKEN).filter(t -> !t.isBlank());
        if (token.isEmpty() || !state.get(STATE_LOGIN_USER).orElse("").equals(password.userId())) {
            return Optional.empty();
        }
        MatrixClient client = anonymous.withAccessToken(token.get());
        try {
            client.whoami();
            return Optional.of(client);
        } catch (DeliveryException.Permanent e) {
            log.info("matrix: stored access token no longer valid ({}), logging in again", e.getMessage());
            return Optional.empty();
        } catch (DeliveryException.Retryable e) {
            throw new PlatformConfigurationException("MATRIX_HOMESERVER_URL",
                    "cannot reach the homeserver " + settings.homeserver() + ": " + e.getMessage());
        }
    }

    private MatrixClient login(MatrixClient anonymous, MatrixSettings.Credentials.Password password) {
        try {
            // Reusing the stored device keeps one device per bot, however often it logs in.
            Session session = anonymous.login(password.userId(), password.password(),
                    state.get(STATE_DEVICE_ID).orElse(""), DEVICE_NAME);
            state.put(STATE_ACCESS_TOKEN, session.accessToken());
            state.put(STATE_DEVICE_ID, session.deviceId());
            state.put(STATE_LOGIN_USER, password.userId());
            return anonymous.withAccessToken(session.accessToken());
        } catch (DeliveryException.Permanent e) {
            throw new PlatformConfigurationException("MATRIX_PASSWORD",
                    "the homeserver refused the login of " + password.userId() + ": " + e.getMessage());
        } catch (DeliveryException.Retryable e) {
            throw new PlatformConfigurationException("MATRIX_HOMESERVER_URL",
                    "cannot reach the homeserver " + settings.homeserver() + ": " + e.getMessage());
        }
    }

    private Session whoami(MatrixClient client, String credentialVariable) {
        try {
            return client.whoami();
        } catch (DeliveryException.Permanent e) {
            throw new PlatformConfigurationException(credentialVariable,
                    "the homeserver does not accept the credentials: " + e.getMessage());
        } catch (DeliveryException.Retryable e) {
            throw new PlatformConfigurationException("MATRIX_HOMESERVER_URL",
                    "cannot reach the homeserver " + settings.homeserver() + ": " + e.getMessage());
        }
    }

    /** The connection for a delivery; if start() has not connected yet, connecting now. */
    private Connection connection() {
        Connection c = connection;
        if (c != null) {
            return c;
        }
        try {
            return connect();
        } catch (PlatformConfigurationException e) {
            throw new DeliveryException.Retryable("matrix not connected: " + e.getMessage(), e);
        }
    }

    // ---- the sync loop -------------------------------------------------------------------------------------------

    private void syncLoop() {
        String since = state.get(STATE_NEXT_BATCH).orElse("");
        Duration backoff = MIN_BACKOFF;
        while (running) {
            if (!consumer.held()) {
                // Another replica syncs; when this one takes over, it resumes from the token that one stored.
                pause(STANDBY_POLL);
                since = state.get(STATE_NEXT_BATCH).orElse(since);
                continue;
            }
            Connection c;
            try {
                c = connection();
            } catch (DeliveryException e) {
                syncHealthy = false;
                log.warn("matrix: cannot connect, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                pause(backoff);
                backoff = longer(backoff);
                continue;
            }
            retryPendingJoins(c);
            // The very first sync only fetches a starting point: old history is never acted on. Until a sync has
            // answered (after start or a failure) it does not long-poll either: its prompt answer is what makes the
            // platform ready, which a quiet room would otherwise hold back for the whole poll timeout.
            CompletableFuture<SyncResponse> call = since.isEmpty()
                    ? c.client().sync("", initialSyncFilter(), Duration.ZERO)
                    : c.client().sync(since, SYNC_FILTER, syncHealthy ? POLL_TIMEOUT : Duration.ZERO);
            currentSync = call;
            if (!running) {
                call.cancel(true);
                break;
            }
            SyncResponse batch;
            try {
                batch = call.join();
            } catch (CancellationException e) {
                continue;
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (!running || cause.getCause() instanceof CancellationException) {
                    continue; // stop() abandoned this poll
                }
                syncHealthy = false;
                log.warn("matrix: sync failed, retrying in {} ms: {}", backoff.toMillis(), cause.getMessage());
                if (MatrixApiException.hasErrcode(cause, "M_UNKNOWN_TOKEN")) {
                    forgetToken();
                }
                pause(backoff);
                backoff = longer(backoff);
                continue;
            }
            if (!running) {
                break; // stopped while the answer was on its way: the next start fetches it again
            }
            syncHealthy = true;
            backoff = MIN_BACKOFF;
            try {
                handleBatch(c, batch, since);
            } catch (RuntimeException e) {
                log.error("matrix: failed handling a sync batch; skipping it", e);
            }
            if (!batch.nextBatch().equals(since)) {
                since = batch.nextBatch();
                try {
                    state.put(STATE_NEXT_BATCH, since);
                } catch (RuntimeException e) {
                    // Not fatal: a restart would see this batch again, and the engine dedupes by event id.
                    log.error("matrix: could not store the sync token", e);
                }
            }
        }
    }

    /**
     * Synapse caches sync answers for a while (sync_response_cache_duration) keyed by user, device, token and filter;
     * a filter no one else uses keeps a new installation from getting another's older starting point.
     */
    private static String initialSyncFilter() {
        return SYNC_FILTER.replace("\"limit\":50", "\"limit\":1,\"not_types\":[\"dev.incidentbot.start."
                + UUID.randomUUID() + "\"]");
    }

    /** After a token was revoked, log in again with the password if there is one; a fixed token stays broken. */
    private void forgetToken() {
        if (settings.credentials() instanceof MatrixSettings.Credentials.Password) {
            synchronized (connectLock) {
                state.put(STATE_ACCESS_TOKEN, "");
                connection = null;
            }
        }
    }

    private static Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void pause(Duration duration) {
        synchronized (wakeup) {
            if (!running) {
                return;
            }
            try {
                wakeup.wait(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void handleBatch(Connection c, SyncResponse batch, String since) {
        boolean act = !since.isEmpty();
        for (SyncResponse.InvitedRoom invite : batch.invited()) {
            handleInvite(c, invite);
        }
        for (SyncResponse.JoinedRoom room : batch.joined()) {
            room.state().forEach(e -> rememberName(room.roomId(), e));
            if (isEncrypted(room)) {
                leaveEncrypted(c, room.roomId());
                continue;
            }
            int ours = ownMembershipChange(c, room.timeline());
            List<RoomEvent> events = new ArrayList<>();
            if (ours >= 0) {
                // Newly joined: what came before the bot was invited is history, not commands for it.
                events.addAll(room.timeline().subList(ours + 1, room.timeline().size()));
            } else {
                if (room.limited() && act && !room.prevBatch().isEmpty()) {
                    events.addAll(missedBefore(c, room, since));
                }
                events.addAll(room.timeline());
            }
            for (RoomEvent event : events) {
                rememberName(room.roomId(), event);
                if (!act) {
                    continue;
                }
                try {
                    handleEvent(c, room.roomId(), event);
                } catch (RuntimeException e) {
                    log.error("matrix: failed handling event {} in {}", event.eventId(), room.roomId(), e);
                }
            }
        }
    }

    /**
     * Where in the timeline the bot's membership last started: its latest invite, else its latest join
     * (a room it created); -1 if the timeline has neither, i.e. the bot was in the room all along.
     */
    private static int ownMembershipChange(Connection c, List<RoomEvent> timeline) {
        int join = -1;
        for (int i = timeline.size() - 1; i >= 0; i--) {
            RoomEvent e = timeline.get(i);
            if (e.type().equals("m.room.member") && e.stateKey().equals(c.userId())) {
                String membership = e.text("membership");
                if (membership.equals("invite")) {
                    return i;
                }
                if (membership.equals("join") && join < 0) {
                    join = i;
                }
            }
        }
        return join;
    }

    /**
     * The events a limited timeline left out (more arrived than the filter's limit, e.g. while the bot was down):
     * paged back from the timeline's start to the token this sync started from, oldest first.
     */
    private List<RoomEvent> missedBefore(Connection c, SyncResponse.JoinedRoom room, String since) {
        List<RoomEvent> newestFirst = new ArrayList<>();
        String from = room.prevBatch();
        for (int page = 0; page < MAX_GAP_PAGES; page++) {
            MessagePage events;
            try {
                events = c.client().messagesBefore(room.roomId(), from, since, TIMELINE_TYPES, 100);
            } catch (DeliveryException e) {
                log.warn("matrix: could not fetch the events missed in {}: {}", room.roomId(), e.getMessage());
                break;
            }
            newestFirst.addAll(events.events());
            if (events.events().isEmpty() || events.end().isEmpty() || events.end().equals(from)) {
                break;
            }
            from = events.end();
        }
        if (!newestFirst.isEmpty()) {
            log.info("matrix: fetched {} events the sync of {} left out", newestFirst.size(), room.roomId());
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static boolean isEncrypted(SyncResponse.JoinedRoom room) {
        return room.state().stream().anyMatch(e -> e.type().equals("m.room.encryption"))
                || room.timeline().stream().anyMatch(e -> e.type().equals("m.room.encryption"));
    }

    /**
     * The bot cannot decrypt: rather than ignore every message in silence it says so once, unencrypted, and leaves.
     * The notice's transaction id is per room, so a retry after a failed leave does not say it twice.
     */
    private void leaveEncrypted(Connection c, String roomId) {
        log.warn("matrix: {} is end-to-end encrypted, which the bot cannot read; leaving it", roomId);
        String prefix = commandPrefix();
        RichMessage notice = RichMessage.text("I cannot read encrypted messages, so I am leaving this room. "
                + "Use me in an unencrypted room: invite me to a room created without end-to-end encryption "
                + "and type " + prefix + " help there.");
        try {
            c.client().send(roomId, "m.room.message", MatrixIds.transactionId("encrypted", roomId),
                    message(c, c.renderer().render(notice), List.of(), Set.of()));
        } catch (DeliveryException e) {
            log.warn("matrix: could not tell {} why the bot leaves: {}", roomId, e.getMessage());
        }
        try {
            c.client().leave(roomId);
        } catch (DeliveryException e) {
            log.warn("matrix: could not leave the encrypted room {}: {}", roomId, e.getMessage());
        }
    }

    private void rememberName(String roomId, RoomEvent event) {
        if (event.type().equals("m.room.name") && !event.text("name").isBlank()) {
            roomNames.put(roomId, event.text("name"));
        }
    }

    private void handleInvite(Connection c, SyncResponse.InvitedRoom invite) {
        Optional<RoomEvent> invitation = invite.inviteState().stream()
                .filter(e -> e.type().equals("m.room.member") && e.stateKey().equals(c.userId())
                        && e.text("membership").equals("invite"))
                .findFirst();
        invite.inviteState().forEach(e -> rememberName(invite.roomId(), e));
        if (invitation.isEmpty()) {
            return;
        }
        String inviter = invitation.get().sender();
        if (!settings.allows(inviter)) {
            log.info("matrix: ignoring an invite to {} from {}, who is not an allowed user", invite.roomId(), inviter);
            return;
        }
        join(c, invite.roomId());
    }

    private void join(Connection c, String roomId) {
        try {
            c.client().join(roomId);
            pendingJoins.remove(roomId);
            log.info("matrix: joined {}", roomId);
        } catch (DeliveryException.Retryable e) {
            // Sync reports an invite once; keep it so the loop tries again on its next round.
            pendingJoins.add(roomId);
            log.warn("matrix: joining {} failed, will try again: {}", roomId, e.getMessage());
        } catch (DeliveryException.Permanent e) {
            pendingJoins.remove(roomId);
            log.warn("matrix: cannot join {}: {}", roomId, e.getMessage());
        }
    }

    private void retryPendingJoins(Connection c) {
        for (String roomId : List.copyOf(pendingJoins)) {
            join(c, roomId);
        }
    }

    private void handleEvent(Connection c, String roomId, RoomEvent event) {
        if (event.sender().equals(c.userId())) {
            return; // our own messages and reactions
        }
        if (event.type().equals("m.room.message")) {
            handleMessage(c, roomId, event);
        } else if (event.type().equals("m.reaction")) {
            handleReaction(c, roomId, event);
        }
    }

    private void handleMessage(Connection c, String roomId, RoomEvent event) {
        JsonNode content = event.content();
        JsonNode relation = content.path("m.relates_to");
        String commandId = event.eventId();
        if (relation.path("rel_type").asText("").equals("m.replace")) {
            // An edited command runs under the original's event id: the engine handles one delivery id once, so
            // editing a typo runs the command, and editing one already handled does not run it again.
            commandId = relation.path("event_id").asText("");
            content = content.path("m.new_content");
            if (commandId.isEmpty() || !content.isObject()) {
                return;
            }
        }
        // Notices are what bots send, never commands.
        if (!content.path("msgtype").asText("").equals("m.text")) {
            return;
        }
        Optional<String> text = commands.commandText(content);
        if (text.isEmpty()) {
            return;
        }
        String threadRoot = relation.path("rel_type").asText("").equals("m.thread")
                ? relation.path("event_id").asText("") : "";
        ReplyHandle reply = replyHandle(roomId, commandId, event.sender(), threadRoot);
        if (!mayAct(roomId, event.sender())) {
            tellOutsiderOnce(c, roomId, event.sender(), reply);
            return;
        }
        log.debug("matrix: command {} from {} in {}", commandId, event.sender(), roomId);
        acknowledge(new Inbound.Command(text.get(), person(event.sender()), conversation(roomId), reply,
                commandId), reply);
    }

    /** Allowed users, and in a room the bot invited people to (escalation targets, role holders), those people. */
    private boolean mayAct(String roomId, String userId) {
        return settings.allows(userId) || invited.contains(invitedKey(roomId, userId))
                || state.get(invitedKey(roomId, userId)).isPresent();
    }

    private static String invitedKey(String roomId, String userId) {
        return "invited:" + roomId + " " + userId;
    }

    private void rememberInvited(String roomId, String userId) {
        if (invited.add(invitedKey(roomId, userId)) && !settings.allows(userId)) {
            state.put(invitedKey(roomId, userId), "1");
        }
    }

    /** One short answer per room per (UTC) day, so an outsider learns why nothing happens without a flood. */
    private void tellOutsiderOnce(Connection c, String roomId, String sender, ReplyHandle reply) {
        String key = "outsider_told:" + roomId + " " + LocalDate.now(ZoneOffset.UTC);
        if (state.get(key).isPresent()) {
            log.info("matrix: ignoring a command from {} in {}: not an allowed user", sender, roomId);
            return;
        }
        state.put(key, "1");
        log.info("matrix: {} in {} is not an allowed user; telling them once today", sender, roomId);
        try {
            reply(reply, RichMessage.text("You are not allowed to run incident commands. Ask whoever runs this "
                    + "bot to add you to matrix.allowed_users."), true);
        } catch (DeliveryException e) {
            log.warn("matrix: could not tell {} they are not allowed: {}", sender, e.getMessage());
        }
    }

    private void handleReaction(Connection c, String roomId, RoomEvent event) {
        JsonNode relation = event.content().path("m.relates_to");
        String key = relation.path("key").asText("");
        if (!relation.path("rel_type").asText("").equals("m.annotation")
                || !withoutVariationSelectors(key).equals(withoutVariationSelectors(settings.pinEmoji()))) {
            return;
        }
        if (!mayAct(roomId, event.sender())) {
            log.info("matrix: ignoring a reaction from {} in {}: not an allowed user", event.sender(), roomId);
            return;
        }
        String targetId = relation.path("event_id").asText("");
        RoomEvent target;
        try {
            target = c.client().event(roomId, targetId);
        } catch (DeliveryException e) {
            log.warn("matrix: cannot fetch the message {} reacted to in {}: {}", targetId, roomId, e.getMessage());
            return;
        }
        ReplyHandle reply = replyHandle(roomId, targetId, event.sender(), "");
        acknowledge(new Inbound.Reaction(key, person(event.sender()), conversation(roomId), targetId,
                person(target.sender()), target.text("body"), MatrixIds.eventLink(roomId, targetId, c.server()),
                event.eventId()), reply);
    }

    private void acknowledge(Inbound inbound, ReplyHandle reply) {
        lastActors.put(inbound.conversation().id(), new Actor(inbound.person().id(), Instant.now()));
        Ack ack;
        try {
            ack = handler.handle(this, inbound);
        } catch (RuntimeException e) {
            log.error("matrix: the handler failed on {}", inbound.deliveryId(), e);
            return;
        }
        RichMessage answer = null;
        if (ack instanceof Ack.Reply r) {
            answer = r.message();
        } else if (ack instanceof Ack.FormErrors f) {
            answer = RichMessage.text(f.errors().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
        }
        if (answer != null) {
            try {
                reply(reply, answer, true);
            } catch (DeliveryException.Retryable e) {
                // The same transaction id is used when the outbox retries, so the homeserver posts it once.
                log.info("matrix: the reply to {} goes through the outbox: {}", inbound.deliveryId(), e.getMessage());
                handler.answerLater(this, reply, answer);
            } catch (DeliveryException e) {
                log.warn("matrix: could not post the reply to {}: {}", inbound.deliveryId(), e.getMessage());
            }
        }
    }

    private static String withoutVariationSelectors(String emoji) {
        return emoji.replace("\uFE0F", "").replace("\uFE0E", "");
    }

    private static Person person(String userId) {
        return new Person(userId, MatrixIds.localpart(userId));
    }

    private ConversationRef conversation(String roomId) {
        return new ConversationRef(roomId, roomNames.getOrDefault(roomId, roomId));
    }

    // Room, event and user ids never contain spaces, so a space separates them unambiguously; a thread root last.
    private static ReplyHandle replyHandle(String roomId, String eventId, String sender, String threadRoot) {
        return new ReplyHandle(roomId + " " + eventId + " " + sender + (threadRoot.isEmpty() ? "" : " " + threadRoot));
    }

    // ---- outbound ------------------------------------------------------------------------------------------------

    @Override
    public ConversationRef createConversation(ConversationSpec spec) {
        Connection c = connection();
        String alias = aliasLocalpart(spec.name());
        String roomId = null;
        // A taken alias is only ours if an earlier attempt of this very creation made the room (its answer lost);
        // anyone else's room, or an old one of a restored database, gets a new alias instead.
        for (int attempt = 1; attempt <= MAX_ALIAS_ATTEMPTS && roomId == null; attempt++) {
            String candidate = attempt == 1 ? alias : alias + "-" + attempt;
            String nonce = creationNonce(candidate);
            try {
                roomId = c.client().createRoom(incidentRoom(c, spec, candidate, nonce));
            } catch (DeliveryException.Permanent e) {
                if (!MatrixApiException.hasErrcode(e, "M_ROOM_IN_USE")) {
                    throw e;
                }
                Optional<String> earlier = ourEarlierRoom(c, candidate, nonce);
                if (earlier.isPresent()) {
                    roomId = earlier.get();
                    c.client().join(roomId);
                    log.info("matrix: room #{} was made by an earlier attempt as {}; using it", candidate, roomId);
                } else {
                    log.warn("matrix: alias #{} belongs to a room the bot did not make for {}; not using it",
                            candidate, spec.name());
                }
            }
        }
        if (roomId == null) {
            roomId = c.client().createRoom(incidentRoom(c, spec, "", creationNonce("")));
        }
        roomNames.put(roomId, spec.name());
        ConversationRef room = new ConversationRef(roomId, spec.name());
        List<String> notInvited = new ArrayList<>();
        for (String invitee : spec.invitees()) {
            notInvited.addAll(invite(room, List.of(invitee), spec.inviteReasons().getOrDefault(invitee, "")));
        }
        if (!notInvited.isEmpty()) {
            log.warn("matrix: could not invite {} to {}", notInvited, roomId);
        }
        return room;
    }

    /**
     * Always invite-only: the engine's privateConversation=false means "no preference" (Slack's private_channels
     * decides there). Unencrypted, and only the bot may turn encryption on: it could not read the room any more.
     */
    private static CreateRoom incidentRoom(Connection c, ConversationSpec spec, String alias, String nonce) {
        ObjectNode marker = c.client().json().createObjectNode().put("name", spec.name()).put("nonce", nonce);
        return new CreateRoom(spec.name(), spec.topic(), alias, List.of(), true, Map.of(ROOM_MARKER, marker),
                Map.of("m.room.encryption", 100, ROOM_MARKER, 100));
    }

    /** The same random value for every attempt to create the room under this alias, kept across restarts. */
    private String creationNonce(String alias) {
        if (alias.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        String key = "room_nonce:" + alias;
        Optional<String> known = state.get(key).filter(v -> !v.isBlank());
        if (known.isPresent()) {
            return known.get();
        }
        String nonce = UUID.randomUUID().toString();
        state.put(key, nonce);
        return nonce;
    }

    /** The room behind {@code #alias} if the bot created it, with its marker carrying {@code nonce}. */
    private Optional<String> ourEarlierRoom(Connection c, String alias, String nonce) {
        try {
            String roomId = c.client().resolveAlias("#" + alias + ":" + c.server());
            List<RoomEvent> roomState = c.client().roomState(roomId); // 403 unless the bot is or was in the room
            boolean createdByBot = roomState.stream().anyMatch(e -> e.type().equals("m.room.create")
                    && e.sender().equals(c.userId()));
            boolean marked = roomState.stream().anyMatch(e -> e.type().equals(ROOM_MARKER) && e.stateKey().isEmpty()
                    && e.sender().equals(c.userId()) && e.text("nonce").equals(nonce));
            return createdByBot && marked ? Optional.of(roomId) : Optional.empty();
        } catch (DeliveryException.Permanent e) {
            return Optional.empty();
        }
    }

    /** Alias localparts allow a-z, 0-9 and {@code ._=-/}; anything else becomes a dash. */
    static String aliasLocalpart(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceFirst("^#", "");
        StringBuilder out = new StringBuilder();
        for (char ch : lower.toCharArray()) {
            out.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || "._=-".indexOf(ch) >= 0 ? ch : '-');
        }
        return out.toString();
    }

    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets) {
        return invite(conversation, targets, "");
    }

    /**
     * Invites carry the reason, and a non-empty reason also reaches each newly invited person in the direct room
     * the bot keeps with them: a mention in a room they have not joined would notify nobody.
     */
    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets, String reason) {
        Connection c = connection();
        List<String> notInvited = new ArrayList<>();
        for (String target : targets) {
            Optional<String> userId = MatrixIds.userId(target);
            if (userId.isEmpty()) {
                notInvited.add(target);
                continue;
            }
            if (userId.get().equals(c.userId())) {
                continue;
            }
            try {
                c.client().invite(conversation.id(), userId.get(), reason);
                rememberInvited(conversation.id(), userId.get());
                if (!reason.isEmpty()) {
                    tellDirectly(c, userId.get(), reason, conversation);
                }
            } catch (DeliveryException.Permanent e) {
                // Synapse answers M_FORBIDDEN "... is already in the room." (ALREADY_JOINED behind MSC3848).
                boolean alreadyJoined = e.getMessage().contains("already in the room")
                        || MatrixApiException.in(e).map(a -> a.errcode().endsWith("ALREADY_JOINED")).orElse(false);
                if (alreadyJoined) {
                    rememberInvited(conversation.id(), userId.get());
                } else {
                    log.warn("matrix: cannot invite {} to {}: {}", userId.get(), conversation.id(), e.getMessage());
                    notInvited.add(target);
                }
            }
        }
        return notInvited;
    }

    private void tellDirectly(Connection c, String userId, String reason, ConversationRef conversation) {
        RichMessage message = RichMessage.of(Text.of(Span.Mention.of(person(userId)), new Span.Plain(": " + reason
                + ". Join "), new Span.ConversationLink(conversation), new Span.Plain(".")));
        ObjectNode content = message(c, c.renderer().render(message), List.of(), Set.of());
        String txn = MatrixIds.transactionId("direct", conversation.id(), userId, reason);
        for (int attempt = 0; attempt < 2; attempt++) {
            String room;
            try {
                room = directRoom(c, userId);
                c.client().send(room, "m.room.message", txn, content);
                return;
            } catch (DeliveryException.Permanent e) {
                // They left (or never took) the direct room and it cannot be used: make a new one once.
                log.info("matrix: direct room with {} unusable ({}); making a new one", userId, e.getMessage());
                state.put(directRoomKey(userId), "");
            } catch (DeliveryException.Retryable e) {
                log.warn("matrix: could not reach {} directly: {}", userId, e.getMessage());
                return;
            }
        }
    }

    private static String directRoomKey(String userId) {
        return "direct_room:" + userId;
    }

    /** The direct room the bot keeps with {@code userId}, made (and remembered) the first time. */
    private String directRoom(Connection c, String userId) {
        Optional<String> known = state.get(directRoomKey(userId)).filter(r -> !r.isBlank());
        if (known.isPresent()) {
            return known.get();
        }
        String room = c.client().createRoom(CreateRoom.directWith(userId));
        state.put(directRoomKey(userId), room);
        return room;
    }

    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
        Connection c = connection();
        ObjectNode content = message(c, c.renderer().render(message), List.of(), quiet(conversation.id()));
        String eventId = c.client().send(conversation.id(), "m.room.message",
                MatrixIds.transactionId("post", idempotencyKey), content);
        return new MessageRef(conversation, eventId);
    }

    @Override
    public void update(MessageRef ref, RichMessage message) {
        Connection c = connection();
        MatrixRenderer.Rendered rendered = c.renderer().render(message);
        ObjectNode content = c.client().json().createObjectNode();
        ObjectNode newContent = message(c, rendered, List.of(), quiet(ref.conversation().id()));
        content.put("msgtype", newContent.path("msgtype").asText());
        content.put("body", "* " + rendered.body());
        content.put("format", "org.matrix.custom.html");
        content.put("formatted_body", "* " + rendered.html());
        content.set("m.new_content", newContent);
        content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", ref.id());
        // An edit pings nobody again: those it mentions were pinged by the original.
        content.putObject("m.mentions");
        c.client().send(ref.conversation().id(), "m.room.message",
                MatrixIds.transactionId("edit", ref.id(), content.toString()), content);
    }

    @Override
    public void pin(MessageRef ref) {
        Connection c = connection();
        String roomId = ref.conversation().id();
        List<String> pinned = new ArrayList<>();
        c.client().state(roomId, "m.room.pinned_events", "")
                .ifPresent(current -> current.path("pinned").forEach(id -> pinned.add(id.asText())));
        if (pinned.contains(ref.id())) {
            return;
        }
        pinned.add(ref.id());
        ObjectNode content = c.client().json().createObjectNode();
        ArrayNode list = content.putArray("pinned");
        pinned.forEach(list::add);
        c.client().putState(roomId, "m.room.pinned_events", "", content);
    }

    @Override
    public void setTopic(ConversationRef conversation, String topic) {
        Connection c = connection();
        c.client().putState(conversation.id(), "m.room.topic", "",
                c.client().json().createObjectNode().put("topic", topic));
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment) {
        Connection c = connection();
        String contentType = contentType(filename);
        String mxc = c.client().upload(filename, contentType, content);
        ObjectNode message = c.client().json().createObjectNode();
        message.put("msgtype", "m.file");
        // Since spec v1.10 a body different from the filename is the file's caption.
        message.put("body", comment.isBlank() ? filename : comment);
        message.put("filename", filename);
        message.put("url", mxc);
        message.putObject("info").put("mimetype", contentType).put("size", content.length);
        message.putObject("m.mentions");
        c.client().send(conversation.id(), "m.room.message",
                MatrixIds.transactionId("file", filename, sha256(content), comment), message);
    }

    /** A matrix.to link to the room, routed through the bot's server. */
    @Override
    public Optional<URI> conversationLink(ConversationRef conversation) {
        Connection c = connection;
        return Optional.of(URI.create(MatrixIds.roomLink(conversation.id(),
                c == null ? settings.homeserver().getHost() : c.server())));
    }

    static String contentType(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
            return "text/markdown; charset=utf-8";
        }
        if (lower.endsWith(".txt") || lower.endsWith(".log")) {
            return "text/plain; charset=utf-8";
        }
        String guessed = URLConnection.guessContentTypeFromName(filename);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    /**
     * A reply ({@code m.in_reply_to}) in the room, inside the thread when the command was in one. It does not ping
     * the person answered: they just acted. Matrix has no ephemeral messages.
     */
    @Override
    public void reply(ReplyHandle handle, RichMessage message, boolean ephemeral) {
        String[] parts = handle.value().split(" ");
        if (parts.length != 3 && parts.length != 4) {
            throw new DeliveryException.Permanent("not a Matrix reply handle: " + handle.value());
        }
        String roomId = parts[0];
        String eventId = parts[1];
        String sender = parts[2];
        Connection c = connection();
        ObjectNode content = message(c, c.renderer().render(message), List.of(), Set.of(sender));
        ObjectNode relation = content.putObject("m.relates_to");
        if (parts.length == 4) {
            relation.put("rel_type", "m.thread").put("event_id", parts[3]).put("is_falling_back", false);
        }
        relation.putObject("m.in_reply_to").put("event_id", eventId);
        // Same inbound event and same answer: same transaction, so a repeated reply is not posted again.
        c.client().send(roomId, "m.room.message", MatrixIds.transactionId("reply", eventId, content.toString()),
                content);
    }

    /** Who acted in a room within the last {@link #ACTOR_QUIET}: the bot's posts about it need not ping them. */
    private Set<String> quiet(String roomId) {
        Actor actor = lastActors.get(roomId);
        return actor != null && actor.at().plus(ACTOR_QUIET).isAfter(Instant.now()) ? Set.of(actor.userId()) : Set.of();
    }

    /**
     * Members of {@code where} whose localpart or display name is {@code handle} (without its {@code @}); else the
     * user of that localpart on the bot's own server, if the server knows them.
     */
    @Override
    public List<Person> findPeople(ConversationRef where, String handle) {
        String name = handle.strip().replaceFirst("^@", "");
        if (name.isEmpty() || name.contains(":")) {
            return List.of();
        }
        Connection c = connection();
        List<Person> members = new ArrayList<>();
        try {
            c.client().joinedMembers(where.id()).forEach((userId, displayName) -> {
                if (!userId.equals(c.userId()) && (MatrixIds.localpart(userId).equalsIgnoreCase(name)
                        || displayName.equalsIgnoreCase(name))) {
                    members.add(new Person(userId, displayName.isBlank() ? MatrixIds.localpart(userId) : displayName));
                }
            });
        } catch (DeliveryException.Permanent e) {
            log.debug("matrix: cannot list the members of {}: {}", where.id(), e.getMessage());
        }
        if (!members.isEmpty()) {
            return members;
        }
        Optional<String> onOurServer = MatrixIds.userId("@" + name + ":" + c.server());
        return onOurServer.filter(id -> c.client().userExists(id)).map(id -> List.of(person(id))).orElse(List.of());
    }

    @Override
    public void renameConversation(ConversationRef conversation, String name) {
        Connection c = connection();
        c.client().putState(conversation.id(), "m.room.name", "", c.client().json().createObjectNode().put("name", name));
        roomNames.put(conversation.id(), name);
    }

    @Override
    public void leaveConversation(ConversationRef conversation) {
        try {
            connection().client().leave(conversation.id());
        } catch (DeliveryException.Permanent e) {
            // Already gone (left, kicked, or the room is no more): what leaving wanted is true.
            log.info("matrix: leaving {}: {}", conversation.id(), e.getMessage());
        }
    }

    @Override
    public Optional<Duration> leaveResolvedAfter() {
        return Optional.of(settings.leaveResolvedAfter());
    }

    @Override
    public String commandPrefix() {
        return settings.commandPrefixes().get(0);
    }

    @Override
    public Optional<Person> resolvePerson(String mention) {
        return MatrixIds.userId(mention).map(MatrixPlatform::person);
    }

    @Override
    public void setModerator(ConversationRef conversation, Person person, boolean moderator) {
        Connection c = connection();
        if (person.id().equals(c.userId())) {
            return; // the bot keeps its own power
        }
        JsonNode current = c.client().state(conversation.id(), "m.room.power_levels", "")
                .orElseThrow(() -> new DeliveryException.Permanent("room " + conversation.id() + " has no power levels"));
        ObjectNode levels = current.deepCopy();
        ObjectNode users = levels.get("users") instanceof ObjectNode u ? u : levels.putObject("users");
        int userDefault = levels.path("users_default").asInt(0);
        int level = users.has(person.id()) ? users.get(person.id()).asInt() : userDefault;
        if (moderator) {
            if (level >= MODERATOR_POWER) {
                return;
            }
            users.put(person.id(), MODERATOR_POWER);
        } else {
            // Only undo what promotion did: someone above moderator (a room admin) keeps their level.
            if (level != MODERATOR_POWER || !users.has(person.id())) {
                return;
            }
            users.remove(person.id());
        }
        c.client().putState(conversation.id(), "m.room.power_levels", "", levels);
    }

    /**
     * A message with HTML and intentional mentions: exactly the rendered pills plus {@code alsoMention}, minus
     * {@code quiet}. It is an {@code m.notice}, as bots' messages should be, unless it deliberately mentions someone:
     * the default push rule {@code .m.rule.suppress_notices} outranks {@code .m.rule.is_user_mention}, so a mention
     * in a notice pings nobody.
     */
    private static ObjectNode message(Connection c, MatrixRenderer.Rendered rendered, List<String> alsoMention,
                                      Set<String> quiet) {
        Set<String> mentioned = new java.util.LinkedHashSet<>(rendered.mentionedUserIds());
        mentioned.addAll(alsoMention);
        mentioned.removeAll(quiet);
        ObjectNode content = c.client().json().createObjectNode();
        content.put("msgtype", mentioned.isEmpty() ? "m.notice" : "m.text");
        content.put("body", rendered.body());
        content.put("format", "org.matrix.custom.html");
        content.put("formatted_body", rendered.html());
        ArrayNode userIds = content.putObject("m.mentions").putArray("user_ids");
        mentioned.forEach(userIds::add);
        return content;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
