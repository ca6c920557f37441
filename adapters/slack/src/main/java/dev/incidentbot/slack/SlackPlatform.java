package dev.incidentbot.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsCreateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.methods.response.conversations.ConversationsInviteResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.model.Message;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Attempt;
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
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack as a {@link ChatPlatform}: the Web API through slack-api-client for everything the engine sends, and one Bolt
 * app ({@link InboundRoutes}) for everything Slack sends. That arrives either as signed HTTP requests
 * ({@link SlackTransport.Http}: {@link #servlet()}, mounted by the bot at {@code POST /slack/events}, behind our own
 * signature check) or as envelopes over a WebSocket the bot opens ({@link SlackTransport.SocketMode}:
 * {@link SocketModeLink}, {@link EnvelopeRouter}). Calls are synchronous and never retried here: failures surface as
 * {@link DeliveryException}s for the engine's outbox.
 */
public final class SlackPlatform implements ChatPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(SlackPlatform.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER_MENTION = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|([^>]*))?>");
    static final int MAX_TOPIC = 250;
    /** How many {@code -2}, {@code -3} ... suffixes to try before a taken name is a permanent failure. */
    static final int MAX_NAME_ATTEMPTS = 25;
    /** Attempts at fetching a reacted-to message while Slack is rate limiting or failing. */
    static final int MAX_REACTION_ATTEMPTS = 3;
    private static final Set<String> INVITE_OK = Set.of("already_in_channel", "cant_invite_self");
    /** Said in the acknowledgement of a command the engine did not answer within the deadline. */
    static final String LATE_NOTICE = "Received; the bot is busy and will answer here shortly.";
    /** How many delivery keys of recent envelopes Socket Mode remembers to recognise redeliveries. */
    static final int RECENT_DELIVERIES = 10_000;

    private final SlackSettings settings;
    private final HttpServlet servlet;
    /** Conversations this process created, by suggested name: a retried create must not open a second channel. */
    private final Map<String, ConversationRef> createdBySuggestedName = new ConcurrentHashMap<>();

    private volatile Running running;

    /** Everything that exists only between start() and stop(). */
    private record Running(Slack slack, WebApi api, SlackDirectory directory, String botUserId, InboundHandler handler,
                           SlackEventsServlet.BoltEndpoint bolt, ExecutorService interactive,
                           ScheduledExecutorService background, Optional<SocketModeParts> socketMode) {
    }

    /** The Socket Mode transport while running: the link, the envelope workers and the engine's deadline. */
    private record SocketModeParts(SocketModeLink link, ExecutorService envelopeWorkers,
                                   ExecutorService handlerThreads, Duration ackDeadline) {
        void stop() {
            link.stop();
            envelopeWorkers.shutdownNow();
            handlerThreads.shutdownNow();
        }
    }

    private final ConsumerLease socketConsumer;

    public SlackPlatform(SlackSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** {@code clock} decides whether a request timestamp is fresh; tests move it. */
    public SlackPlatform(SlackSettings settings, Clock clock) {
        this(settings, clock, ConsumerLease.ALWAYS);
    }

    /** With replicas: Socket Mode connects only on the holder of {@code socketConsumer}; HTTP is served by all. */
    public SlackPlatform(SlackSettings settings, Clock clock, ConsumerLease socketConsumer) {
        this.socketConsumer = socketConsumer;
        this.settings = settings;
        this.servlet = settings.transport() instanceof SlackTransport.Http http
                ? new SlackEventsServlet(new SlackRequestVerifier(http.signingSecret(), clock),
                        () -> Optional.ofNullable(running).map(Running::bolt), http.bodyReadDeadline())
                : new NotServedInSocketMode();
    }

    /**
     * Slack with default settings if {@code SLACK_BOT_TOKEN} and either {@code SLACK_APP_TOKEN} (Socket Mode) or
     * {@code SLACK_SIGNING_SECRET} (HTTP) are set.
     */
    public static Optional<SlackPlatform> fromEnvironment(Map<String, String> env) {
        return SlackSettings.fromEnvironment(env).map(SlackPlatform::new);
    }

    public SlackSettings settings() {
        return settings;
    }

    @Override
    public Optional<ConversationRef> announceConversation() {
        String channel = settings.announceChannel();
        return channel.isEmpty() ? Optional.empty() : Optional.of(new ConversationRef(channel, channel));
    }

    /**
     * The HTTP transport's endpoint for slash commands, interactivity and the Events API; mount it at
     * {@code /slack/events}. Usable before {@link #start}: until then it answers 503 to correctly signed requests
     * (Slack retries events). In Socket Mode nothing needs mounting: this servlet then answers every request 404.
     */
    public HttpServlet servlet() {
        return servlet;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public synchronized void start(InboundHandler handler) {
        if (running != null) {
            throw new IllegalStateException("already started");
        }
        if (settings.transport() instanceof SlackTransport.SocketMode mode && !mode.appToken().startsWith("xapp-")) {
            throw new PlatformConfigurationException(SlackSettings.APP_TOKEN_VARIABLE, "expected an app-level token, "
                    + "xapp-… (Basic Information → App-Level Tokens, scope connections:write)");
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl().toString());
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.webApiTimeout().toMillis());
        config.setHttpClientReadTimeoutMillis(timeoutMillis);
        config.setHttpClientWriteTimeoutMillis(timeoutMillis);
        config.setHttpClientCallTimeoutMillis(timeoutMillis);
        config.setStatsEnabled(false);
        Slack slack = Slack.getInstance(config);
        WebApi api = new WebApi(slack, settings.botToken(), settings.webApiTimeout());

        String botUserId = authenticate(api, slack);
        ExecutorService interactive = Executors.newFixedThreadPool(4, daemonThreads("slack-interactive"));
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2, daemonThreads("slack-background"));
        AppConfig.AppConfigBuilder appConfig = AppConfig.builder().slack(slack).singleTeamBotToken(settings.botToken());
        if (settings.transport() instanceof SlackTransport.Http http) {
            appConfig.signingSecret(http.signingSecret());
        }
        App app = new InboundRoutes(this, settings, botUserId).build(appConfig);
        app.start(); // no network: our middleware list is empty, so no auth.test here
        Optional<SocketModeParts> socketMode = Optional.empty();
        Optional<URI> firstSocketUrl = Optional.empty();
        if (settings.transport() instanceof SlackTransport.SocketMode mode) {
            WebApi appApi = new WebApi(slack, mode.appToken(), settings.webApiTimeout());
            try {
                firstSocketUrl = firstSocketUrl(appApi);
            } catch (PlatformConfigurationException e) {
                app.stop();
                interactive.shutdownNow();
                background.shutdownNow();
                closeQuietly(slack);
                throw e;
            }
            socketMode = Optional.of(socketMode(mode, app, appApi));
        }
        running = new Running(slack, api, new SlackDirectory(api), botUserId, handler,
                SlackEventsServlet.BoltEndpoint.of(app), interactive, background, socketMode);
        if (socketMode.isPresent()) {
            socketMode.get().link().start(firstSocketUrl);
            LOG.info("Slack connected as bot user {} via {}; receiving over Socket Mode", botUserId, settings.apiUrl());
        } else {
            LOG.info("Slack connected as bot user {} via {}; receiving over HTTP", botUserId, settings.apiUrl());
        }
    }

    private SocketModeParts socketMode(SlackTransport.SocketMode mode, App app, WebApi appApi) {
        ExecutorService envelopeWorkers = Executors.newFixedThreadPool(8, daemonThreads("slack-envelope"));
        ExecutorService handlerThreads = Executors.newFixedThreadPool(8, daemonThreads("slack-engine-call"));
        EnvelopeRouter router = new EnvelopeRouter(app, envelopeWorkers, new RecentDeliveries(RECENT_DELIVERIES));
        SocketModeLink link = new SocketModeLink(() -> openSocketUrl(appApi), mode.timing(), router::route, socketConsumer);
        return new SocketModeParts(link, envelopeWorkers, handlerThreads, mode.timing().ackDeadline());
    }

    /**
     * The first Socket Mode URL, fetched at start-up so a token Slack refuses stops the bot (exit code 2) instead
     * of retrying forever. Empty when Slack could not be asked right now: the link then retries on its own.
     */
    private Optional<URI> firstSocketUrl(WebApi appApi) {
        try {
            return Optional.of(openSocketUrl(appApi));
        } catch (DeliveryException.Permanent e) {
            throw new PlatformConfigurationException(SlackSettings.APP_TOKEN_VARIABLE, "Slack refused to open a "
                    + "Socket Mode connection (" + e.getMessage() + "); use an app-level token (xapp-…) with the "
                    + "connections:write scope, and enable Socket Mode for the app");
        } catch (DeliveryException.Retryable e) {
            LOG.warn("Cannot open a Socket Mode connection yet ({}); retrying in the background", e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code apps.connections.open} with the app-level token: a fresh single-use WebSocket URL. */
    private static URI openSocketUrl(WebApi appApi) {
        AppsConnectionsOpenResponse response = appApi.call("apps.connections.open",
                client -> client.appsConnectionsOpen(req -> req));
        String url = response.getUrl() == null ? "" : response.getUrl();
        try {
            URI uri = new URI(url);
            if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme())) {
                throw new DeliveryException.Retryable("apps.connections.open: not a WebSocket URL: " + url, null);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DeliveryException.Retryable("apps.connections.open: unreadable URL", e);
        }
    }

    private String authenticate(WebApi api, Slack slack) {
        try {
            AuthTestResponse auth = api.call("auth.test", client -> client.authTest(r -> r));
            return auth.getUserId() == null ? "" : auth.getUserId();
        } catch (DeliveryException.Permanent e) {
            closeQuietly(slack);
            throw new PlatformConfigurationException(SlackSettings.TOKEN_VARIABLE,
                    "Slack rejected the bot token (" + e.getMessage() + "); use the app's Bot User OAuth Token, xoxb-…");
        } catch (DeliveryException.Retryable e) {
            closeQuietly(slack);
            throw new PlatformConfigurationException(SlackSettings.API_URL_VARIABLE,
                    "cannot reach the Slack Web API at " + settings.apiUrl() + " (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized void stop() {
        Running r = running;
        running = null;
        if (r != null) {
            r.socketMode().ifPresent(SocketModeParts::stop);
            r.bolt().app().stop();
            r.interactive().shutdownNow();
            r.background().shutdownNow();
            closeQuietly(r.slack());
        }
    }

    @Override
    public boolean isReady() {
        Running r = running;
        return r != null && !r.api().authRejected()
                && r.socketMode().map(socket -> socket.link().isConnected() || socket.link().isStandby()).orElse(true);
    }

    // ---------------------------------------------------------------- outbound (called by the engine's outbox)

    @Override
    public ConversationRef createConversation(ConversationSpec spec) {
        return createConversation(spec, Attempt.first(""));
    }

    /**
     * Create the channel, or adopt the one an earlier try of the same send created (its key is in the purpose): a
     * retry after a crash or a lost answer finds it on {@code name_taken} instead of opening {@code name-2}.
     */
    @Override
    public ConversationRef createConversation(ConversationSpec spec, Attempt attempt) {
        Running r = running();
        ConversationRef conversation = createdBySuggestedName.get(spec.name());
        if (conversation == null) {
            conversation = create(r, ChannelNames.valid(spec.name()),
                    spec.privateConversation() || settings.privateChannels(), attempt.key());
            createdBySuggestedName.put(spec.name(), conversation);
        }
        if (!spec.topic().isEmpty()) {
            setTopic(conversation, spec.topic());
        }
        List<String> notInvited = invite(conversation, spec.invitees());
        if (!notInvited.isEmpty()) {
            LOG.info("Could not invite {} to {}", notInvited, conversation.name());
        }
        return conversation;
    }

    private ConversationRef create(Running r, String name, boolean isPrivate, String key) {
        DeliveryMarks marks = new DeliveryMarks(r.api(), r.botUserId());
        for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
            String candidate = attempt == 1 ? name : ChannelNames.withSuffix(name, attempt);
            ConversationsCreateResponse response = r.api().answer("conversations.create",
                    client -> client.conversationsCreate(req -> req.name(candidate).isPrivate(isPrivate)));
            if (response.isOk() && response.getChannel() != null) {
                ConversationRef created = new ConversationRef(response.getChannel().getId(),
                        Optional.ofNullable(response.getChannel().getName()).orElse(candidate));
                markAsOurs(r, created, key);
                return created;
            }
            if (!"name_taken".equals(response.getError())) {
                throw r.api().failure("conversations.create", response.getError());
            }
            if (!key.isEmpty()) {
                Optional<com.slack.api.model.Conversation> ours = marks.ownChannel(candidate, key);
                if (ours.isPresent()) {
                    ConversationRef adopted = new ConversationRef(ours.get().getId(), candidate);
                    LOG.info("adopting {} ({}), created by an earlier try of the same delivery", candidate, adopted.id());
                    markAsOurs(r, adopted, key);
                    return adopted;
                }
            }
        }
        throw new DeliveryException.Permanent("conversations.create: name_taken for " + name + " and "
                + (MAX_NAME_ATTEMPTS - 1) + " suffixes");
    }

    @Override
    public List<String> invite(ConversationRef conversation, List<String> targets) {
        Running r = running();
        List<String> notInvited = new ArrayList<>();
        Map<String, List<String>> targetsByUser = new LinkedHashMap<>();
        for (String raw : targets) {
            String target = raw.trim();
            List<String> users = resolveInvitee(r, target);
            if (users.isEmpty()) {
                notInvited.add(raw);
            }
            for (String user : users) {
                targetsByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(raw);
            }
        }
        targetsByUser.remove(r.botUserId()); // the bot created the channel and is in it already
        if (targetsByUser.isEmpty()) {
            return notInvited;
        }
        List<String> users = List.copyOf(targetsByUser.keySet());
        ConversationsInviteResponse response = r.api().answer("conversations.invite",
                client -> client.conversationsInvite(req -> req.channel(conversation.id()).users(users).force(true)));
        Set<String> failed = new LinkedHashSet<>();
        if (response.getErrors() != null) {
            for (ConversationsInviteResponse.Error e : response.getErrors()) {
                if (e.getUser() != null && !INVITE_OK.contains(e.getError())) {
                    failed.add(e.getUser());
                }
            }
        }
        if (!response.isOk() && !INVITE_OK.contains(response.getError()) && failed.isEmpty()) {
            if ("user_not_found".equals(response.getError()) && users.size() == 1) {
                failed.add(users.get(0));
            } else {
                throw r.api().failure("conversations.invite", response.getError());
            }
        }
        for (String user : failed) {
            for (String target : targetsByUser.getOrDefault(user, List.of())) {
                if (!notInvited.contains(target)) {
                    notInvited.add(target);
                }
            }
        }
        return notInvited;
    }

    /** User ids a target stands for; empty when Slack cannot resolve it (e.g. a handle like {@code @oncall}). */
    private List<String> resolveInvitee(Running r, String target) {
        Matcher mention = USER_MENTION.matcher(target);
        if (mention.matches()) {
            return List.of(mention.group(1));
        }
        if (SlackIds.isUser(target)) {
            return List.of(target);
        }
        if (SlackIds.isUserGroup(target)) {
            return r.directory().userGroupMembers(target);
        }
        if (SlackIds.isEmail(target)) {
            return r.directory().userIdForEmail(target).map(List::of).orElse(List.of());
        }
        return List.of();
    }

    /**
     * The send's key goes in the purpose. Off the declaration's critical path: until it is set (or if setting it
     * fails) the channel has no purpose, which {@link DeliveryMarks#ownChannel} also adopts.
     */
    private void markAsOurs(Running r, ConversationRef channel, String key) {
        if (!key.isEmpty()) {
            submit(r.background(), () -> r.api().call("conversations.setPurpose",
                    client -> client.conversationsSetPurpose(req -> req.channel(channel.id()).purpose(DeliveryMarks.purpose(key)))),
                    "marking " + channel.name() + " as the bot's");
        }
    }

    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
        return post(conversation, message, Attempt.first(idempotencyKey));
    }

    /**
     * chat.postMessage has no idempotency key, so each post carries its key in message metadata; when an earlier try
     * may have landed (a lost answer, a crash before it was recorded), the channel's latest messages are searched for
     * it first and a found message is the result.
     */
    @Override
    public MessageRef post(ConversationRef conversation, RichMessage message, Attempt attempt) {
        Running r = running();
        if (attempt.earlierMayHaveLanded() && !attempt.key().isEmpty()) {
            Optional<String> landed = new DeliveryMarks(r.api(), r.botUserId()).posted(conversation, attempt.key());
            if (landed.isPresent()) {
                return new MessageRef(conversation, landed.get());
            }
        }
        BlockKitRenderer renderer = networkRenderer(r);
        String blocks = renderer.blocks(message).toString();
        String text = renderer.fallbackText(message);
        String metadata = attempt.key().isEmpty() ? null : DeliveryMarks.metadata(attempt.key());
        ChatPostMessageResponse response = r.api().call("chat.postMessage", client -> client.chatPostMessage(req -> req
                .channel(conversation.id()).text(text).blocksAsString(blocks).unfurlLinks(false).unfurlMedia(false)
                .metadataAsString(metadata)));
        return new MessageRef(conversation, response.getTs());
    }

    /** Slack's deep link to a channel, which opens it in the app or the browser (api.slack.com/reference/deep-linking). */
    @Override
    public Optional<URI> conversationLink(ConversationRef conversation) {
        return Optional.of(URI.create("https://slack.com/app_redirect?channel="
                + java.net.URLEncoder.encode(conversation.id(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void update(MessageRef ref, RichMessage message) {
        Running r = running();
        BlockKitRenderer renderer = networkRenderer(r);
        String blocks = renderer.blocks(message).toString();
        String text = renderer.fallbackText(message);
        r.api().call("chat.update", client -> client.chatUpdate(req -> req
                .channel(ref.conversation().id()).ts(ref.id()).text(text).blocksAsString(blocks)));
    }

    @Override
    public void pin(MessageRef ref) {
        running().api().call("pins.add", Set.of("already_pinned"),
                client -> client.pinsAdd(req -> req.channel(ref.conversation().id()).timestamp(ref.id())));
    }

    @Override
    public void setTopic(ConversationRef conversation, String topic) {
        // Slack reads markup in a topic too: escaped, a typed <!channel> stays text.
        String topicText = BlockKitRenderer.escapeWithin(topic, MAX_TOPIC);
        running().api().call("conversations.setTopic",
                client -> client.conversationsSetTopic(req -> req.channel(conversation.id()).topic(topicText)));
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment) {
        upload(conversation, filename, content, comment, Attempt.first(""));
    }

    @Override
    public void upload(ConversationRef conversation, String filename, byte[] content, String comment, Attempt attempt) {
        Running r = running();
        if (attempt.earlierMayHaveLanded()
                && new DeliveryMarks(r.api(), r.botUserId()).uploaded(conversation, filename, content.length)) {
            LOG.info("{} is already in {}: an earlier try's upload landed", filename, conversation.id());
            return;
        }
        FilesGetUploadURLExternalResponse slot = r.api().call("files.getUploadURLExternal",
                client -> client.filesGetUploadURLExternal(req -> req.filename(filename).length(content.length)));
        if (slot.getUploadUrl() == null || slot.getFileId() == null) {
            throw new DeliveryException.Retryable("files.getUploadURLExternal: no upload_url in the answer", null);
        }
        r.api().postBytes(URI.create(slot.getUploadUrl()), content);
        List<FilesCompleteUploadExternalRequest.FileDetails> files =
                List.of(new FilesCompleteUploadExternalRequest.FileDetails(slot.getFileId(), filename));
        String initialComment = BlockKitRenderer.escape(comment);
        r.api().call("files.completeUploadExternal", client -> client.filesCompleteUploadExternal(req -> {
            req.files(files).channelId(conversation.id());
            return initialComment.isEmpty() ? req : req.initialComment(initialComment);
        }));
    }

    @Override
    public void reply(ReplyHandle handle, RichMessage message, boolean ephemeral) {
        Running r = running();
        ReplyTarget target;
        try {
            target = ReplyTarget.from(handle);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException.Permanent("not a Slack reply handle", e);
        }
        BlockKitRenderer renderer = networkRenderer(r);
        if (!target.responseUrl().isEmpty()) {
            ObjectNode body = JSON.createObjectNode().put("response_type", ephemeral ? "ephemeral" : "in_channel")
                    .put("replace_original", false);
            renderInto(body, renderer, message);
            try {
                int status = r.api().postJson(URI.create(target.responseUrl()), body.toString());
                if (status == 200) {
                    return;
                }
                LOG.info("response_url answered HTTP {}; replying through the Web API instead", status);
            } catch (DeliveryException | IllegalArgumentException e) {
                LOG.info("response_url failed ({}); replying through the Web API instead", e.getMessage());
            }
        }
        if (target.channelId().isEmpty()) {
            throw new DeliveryException.Permanent("reply: no channel to fall back to");
        }
        String blocks = renderer.blocks(message).toString();
        String text = renderer.fallbackText(message);
        if (ephemeral && !target.userId().isEmpty()) {
            r.api().call("chat.postEphemeral", client -> client.chatPostEphemeral(req -> req
                    .channel(target.channelId()).user(target.userId()).text(text).blocksAsString(blocks)));
        } else {
            r.api().call("chat.postMessage", client -> client.chatPostMessage(req -> req
                    .channel(target.channelId()).text(text).blocksAsString(blocks)));
        }
    }

    @Override
    public List<Person> findPeople(ConversationRef where, String handle) {
        return running().directory().findPeople(handle, where.id());
    }

    @Override
    public Optional<Person> resolvePerson(String mention) {
        Matcher m = USER_MENTION.matcher(mention.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(2) == null || m.group(2).isEmpty() ? m.group(1) : m.group(2);
        return Optional.of(new Person(m.group(1), name));
    }

    // ---------------------------------------------------------------- inbound support (called by InboundRoutes)

    Ack dispatch(Inbound inbound) {
        Running r = running;
        if (r == null) {
            return Ack.silent();
        }
        if (r.socketMode().isEmpty()) {
            return r.handler().handle(this, inbound); // HTTP: the engine answers within its own deadline
        }
        return dispatchWithin(r, inbound, r.socketMode().get());
    }

    /**
     * Socket Mode: an envelope must be acknowledged within 3 s whatever the engine does. If it has not answered by
     * the deadline, the envelope is acknowledged now (a command with {@link #LATE_NOTICE}) and the engine's answer
     * goes to the person as a separate ephemeral reply when it comes.
     */
    private Ack dispatchWithin(Running r, Inbound inbound, SocketModeParts socket) {
        CompletableFuture<Ack> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> r.handler().handle(this, inbound), socket.handlerThreads());
        } catch (RejectedExecutionException e) {
            return Ack.silent();
        }
        try {
            return answer.get(socket.ackDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("The engine did not answer a {} within {} ms; acknowledged, its answer follows as a reply",
                    inbound.getClass().getSimpleName(), socket.ackDeadline().toMillis());
            answer.whenComplete((late, error) -> replyLate(inbound, late, error));
            return inbound instanceof Inbound.Command ? Ack.reply(LATE_NOTICE) : Ack.silent();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ack.silent();
        }
    }

    private void replyLate(Inbound inbound, Ack late, Throwable error) {
        if (error != null) {
            LOG.error("The engine failed on a {} after its acknowledgement", inbound.getClass().getSimpleName(), error);
            return;
        }
        Optional<ReplyHandle> handle = replyHandle(inbound);
        if (handle.isEmpty()) {
            return;
        }
        if (late instanceof Ack.Reply reply) {
            replyAsync(handle.get(), reply.message());
        } else if (late instanceof Ack.FormErrors errors && !errors.errors().isEmpty()) {
            replyAsync(handle.get(), RichMessage.text("Not saved: " + String.join(" ", errors.errors().values())));
        }
    }

    private static Optional<ReplyHandle> replyHandle(Inbound inbound) {
        if (inbound instanceof Inbound.Command c) {
            return Optional.of(c.reply());
        }
        if (inbound instanceof Inbound.Action a) {
            return Optional.of(a.reply());
        }
        if (inbound instanceof Inbound.FormSubmission f) {
            return Optional.of(f.reply());
        }
        return Optional.empty();
    }

    /** Renders for an HTTP ack: e-mail mentions only from the cache, as no Web API call may happen here. */
    void renderInto(ObjectNode body, RichMessage message, boolean allowNetwork) {
        Running r = running;
        BlockKitRenderer renderer = r == null ? new BlockKitRenderer(email -> Optional.empty())
                : allowNetwork ? networkRenderer(r) : new BlockKitRenderer(r.directory()::cachedUserIdForEmail);
        renderInto(body, renderer, message);
    }

    private static void renderInto(ObjectNode body, BlockKitRenderer renderer, RichMessage message) {
        body.put("text", renderer.fallbackText(message));
        body.set("blocks", renderer.blocks(message));
    }

    void openModalAsync(String triggerId, String view) {
        Running r = running;
        if (r == null || triggerId.isEmpty()) {
            return;
        }
        submit(r.interactive(), () -> r.api().call("views.open",
                client -> client.viewsOpen(req -> req.triggerId(triggerId).viewAsString(view))), "views.open");
    }

    void replyAsync(ReplyHandle handle, RichMessage message) {
        Running r = running;
        if (r != null) {
            submit(r.interactive(), () -> reply(handle, message, true), "reply");
        }
    }

    /** Fetches the reacted-to message and its permalink off the request thread, then hands the reaction over. */
    void deliverReactionAsync(String channel, String ts, String emoji, String userId, String eventId) {
        Running r = running;
        if (r != null) {
            scheduleReaction(r, new PendingReaction(channel, ts, emoji, userId, eventId), 1, Duration.ZERO);
        }
    }

    private record PendingReaction(String channel, String ts, String emoji, String userId, String eventId) {
    }

    private void scheduleReaction(Running r, PendingReaction reaction, int attempt, Duration delay) {
        try {
            r.background().schedule(() -> deliverReaction(r, reaction, attempt), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Platform stopped; dropping reaction {}", reaction.eventId());
        }
    }

    private void deliverReaction(Running r, PendingReaction reaction, int attempt) {
        Inbound.Reaction inbound;
        try {
            inbound = fetchReaction(r, reaction);
        } catch (DeliveryException.Retryable e) {
            if (attempt < MAX_REACTION_ATTEMPTS) {
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(attempt));
                scheduleReaction(r, reaction, attempt + 1, wait);
            } else {
                LOG.warn("Gave up fetching the message for reaction {}: {}", reaction.eventId(), e.getMessage());
            }
            return;
        } catch (DeliveryException e) {
            LOG.warn("Cannot fetch the message for reaction {}: {}", reaction.eventId(), e.getMessage());
            return;
        }
        if (inbound == null) {
            LOG.info("Reaction {} is on a message Slack no longer returns; ignored", reaction.eventId());
            return;
        }
        try {
            Ack ack = r.handler().handle(this, inbound);
            if (ack instanceof Ack.Reply reply) {
                reply(new ReplyTarget("", reaction.channel(), reaction.userId()).toHandle(), reply.message(), true);
            }
        } catch (RuntimeException e) {
            LOG.error("The engine failed on reaction {}", reaction.eventId(), e);
        }
    }

    private Inbound.Reaction fetchReaction(Running r, PendingReaction reaction) {
        Message message = reactedMessage(r, reaction);
        if (message == null) {
            return null;
        }
        String permalink = Optional.ofNullable(r.api().call("chat.getPermalink", client -> client
                .chatGetPermalink(req -> req.channel(reaction.channel()).messageTs(reaction.ts()))).getPermalink())
                .orElse("");
        Person author = message.getUser() != null && !message.getUser().isEmpty()
                ? new Person(message.getUser(), r.directory().nameOf(message.getUser()))
                : InboundRoutes.person(message.getBotId(), message.getUsername());
        Person reactor = new Person(reaction.userId(), r.directory().nameOf(reaction.userId()));
        return new Inbound.Reaction(reaction.emoji(), reactor,
                InboundRoutes.conversation(reaction.channel(), ""), reaction.ts(), author,
                SlackMarkup.decodeToPlain(InboundRoutes.orEmpty(message.getText())), permalink, reaction.eventId());
    }

    /**
     * The message a reaction is on. conversations.history holds only top-level messages; a thread reply is found with
     * conversations.replies, which takes the ts of any message in the thread (https://api.slack.com/methods/conversations.replies).
     */
    private static Message reactedMessage(Running r, PendingReaction reaction) {
        ConversationsHistoryResponse history = r.api().call("conversations.history", client -> client
                .conversationsHistory(req -> req.channel(reaction.channel()).latest(reaction.ts()).inclusive(true)
                        .limit(1)));
        Optional<Message> top = Optional.ofNullable(history.getMessages()).stream().flatMap(List::stream)
                .filter(m -> reaction.ts().equals(m.getTs())).findFirst();
        if (top.isPresent()) {
            return top.get();
        }
        ConversationsRepliesResponse replies = r.api().answer("conversations.replies", client -> client
                .conversationsReplies(req -> req.channel(reaction.channel()).ts(reaction.ts()).latest(reaction.ts())
                        .oldest(reaction.ts()).inclusive(true).limit(1)));
        if (!replies.isOk()) {
            if ("thread_not_found".equals(replies.getError())) {
                return null;
            }
            throw r.api().failure("conversations.replies", replies.getError());
        }
        return Optional.ofNullable(replies.getMessages()).stream().flatMap(List::stream)
                .filter(m -> reaction.ts().equals(m.getTs())).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- internals

    private Running running() {
        Running r = running;
        if (r == null) {
            throw new DeliveryException.Retryable("slack platform not started", null);
        }
        return r;
    }

    /** For the outbox: unknown e-mail mentions may be looked up; a lookup that cannot succeed renders the label. */
    private static BlockKitRenderer networkRenderer(Running r) {
        return new BlockKitRenderer(email -> {
            try {
                return r.directory().userIdForEmail(email);
            } catch (DeliveryException.Permanent e) {
                LOG.warn("Cannot look up {}: {}", email, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static void submit(ExecutorService executor, Runnable task, String what) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed: {}", what, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Platform stopped; dropping {}", what);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Socket Mode needs no inbound HTTP: a mounted endpoint says so instead of verifying signatures. */
    private static final class NotServedInSocketMode extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(404);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write("Slack is connected over Socket Mode; nothing is served here.\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void closeQuietly(Slack slack) {
        try {
            slack.close();
        } catch (Exception e) {
            LOG.debug("Closing the Slack client failed", e);
        }
    }
}
