package dev.incidentbot.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.view.ViewState;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bolt app: turns Slack's slash commands, button clicks, modal submissions and events into {@link Inbound}s and
 * the engine's {@link Ack} into Slack's HTTP response. Nothing here calls the Web API on the request thread; what must
 * reach Slack (a modal, a reply to a click, the reacted-to message) goes through {@link SlackPlatform}'s executors.
 */
final class InboundRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final SlackPlatform platform;
    private final SlackSettings settings;
    private final String botUserId;

    InboundRoutes(SlackPlatform platform, SlackSettings settings, String botUserId) {
        this.platform = platform;
        this.settings = settings;
        this.botUserId = botUserId;
    }

    /**
     * An app without Bolt's default middleware: no request verification (ours runs before Bolt), no per-request
     * {@code auth.test} (start-up did it), no file-based installation store.
     */
    App build(AppConfig.AppConfigBuilder config) {
        AppConfig appConfig = config
                .requestVerificationEnabled(false)
                .sslCheckEnabled(false)
                .ignoringSelfEventsEnabled(false)
                .appInitializersEnabled(false)
                .unmatchedRequestHandler(InboundRoutes::unmatched)
                .build();
        App app = new App(appConfig, new ArrayList<>());
        app.command(settings.commandName(), (req, ctx) -> command(req.getPayload()));
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> blockAction(req.getPayload()));
        app.viewSubmission(ButtonForms.CALLBACK_ID, (req, ctx) -> viewSubmission(req.getPayload()));
        app.event(ReactionAddedEvent.class, this::reactionAdded);
        return app;
    }

    /**
     * Events we do not act on are still acknowledged, or Slack would keep retrying them; so is Slack's periodic
     * {@code ssl_check} of the slash command URL.
     */
    private static Response unmatched(com.slack.api.bolt.request.Request<?> req) {
        if (req.getRequestType() == RequestType.Event || req.getRequestType() == RequestType.SSLCheck) {
            return Response.ok();
        }
        return Response.builder().statusCode(404).contentType(JSON_UTF8).body("{\"error\":\"no handler\"}").build();
    }

    private Response command(SlashCommandPayload p) {
        ReplyTarget reply = new ReplyTarget(orEmpty(p.getResponseUrl()), orEmpty(p.getChannelId()),
                orEmpty(p.getUserId()));
        Inbound.Command command = new Inbound.Command(SlackMarkup.decode(orEmpty(p.getText()).trim()),
                person(p.getUserId(), p.getUserName()), conversation(p.getChannelId(), p.getChannelName()),
                reply.toHandle(), orEmpty(p.getTriggerId()));
        Ack ack;
        try {
            ack = platform.dispatch(command);
        } catch (RuntimeException e) {
            LOG.error("The engine failed on a slash command", e);
            ack = Ack.reply("Sorry, that did not work (internal error). Please try again.");
        }
        if (ack instanceof Ack.Reply r) {
            return json(ephemeral(r.message()));
        }
        if (ack instanceof Ack.FormErrors errors) {
            return json(ephemeral(RichMessage.text(String.join("\n", errors.errors().values()))));
        }
        return Response.ok();
    }

    private Response blockAction(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty()) {
            return Response.ok();
        }
        BlockActionPayload.Action action = p.getActions().get(0);
        String channelId = p.getChannel() != null ? orEmpty(p.getChannel().getId())
                : p.getContainer() != null ? orEmpty(p.getContainer().getChannelId()) : "";
        String channelName = p.getChannel() != null ? orEmpty(p.getChannel().getName()) : "";
        String userId = p.getUser() == null ? "" : orEmpty(p.getUser().getId());
        String userName = p.getUser() == null ? "" : firstNonEmpty(p.getUser().getName(), p.getUser().getUsername());
        String responseUrl = orEmpty(p.getResponseUrl());

        var form = ButtonForms.decode(orEmpty(action.getActionId()), orEmpty(action.getValue()));
        if (form.isPresent()) {
            // trigger_ids live three seconds: open the modal at once, but never on this thread.
            String view = ButtonForms.modal(form.get(), new ButtonForms.FormOrigin(form.get().actionId(),
                    form.get().value(), channelId, channelName, responseUrl));
            platform.openModalAsync(orEmpty(p.getTriggerId()), view);
            return Response.ok();
        }
        ReplyTarget reply = new ReplyTarget(responseUrl, channelId, userId);
        Inbound.Action inbound = new Inbound.Action(orEmpty(action.getActionId()), orEmpty(action.getValue()),
                person(userId, userName), conversation(channelId, channelName), reply.toHandle(),
                firstNonEmpty(p.getTriggerId(), action.getActionTs()));
        replyLater(inbound.reply(), dispatchQuietly(inbound));
        return Response.ok();
    }

    private Response viewSubmission(ViewSubmissionPayload p) {
        var origin = ButtonForms.origin(orEmpty(p.getView().getPrivateMetadata()));
        if (origin.isEmpty()) {
            return Response.ok();
        }
        Map<String, String> values = new HashMap<>();
        ViewState state = p.getView().getState();
        if (state != null && state.getValues() != null) {
            state.getValues().forEach((blockId, actions) -> {
                ViewState.Value value = actions.get(ButtonForms.INPUT_ACTION_ID);
                if (value != null && value.getValue() != null) {
                    values.put(blockId, value.getValue());
                }
            });
        }
        String userId = p.getUser() == null ? "" : orEmpty(p.getUser().getId());
        String userName = p.getUser() == null ? "" : firstNonEmpty(p.getUser().getName(), p.getUser().getUsername());
        ReplyTarget reply = new ReplyTarget(origin.get().responseUrl(), origin.get().channelId(), userId);
        Inbound.FormSubmission submission = new Inbound.FormSubmission(origin.get().actionId(),
                origin.get().value(), values, person(userId, userName),
                conversation(origin.get().channelId(), origin.get().channelName()), reply.toHandle(),
                firstNonEmpty(p.getTriggerId(), p.getView().getId() + "." + p.getView().getHash()));
        Ack ack = dispatchQuietly(submission);
        if (ack instanceof Ack.FormErrors errors && !errors.errors().isEmpty()) {
            ObjectNode body = JSON.createObjectNode().put("response_action", "errors");
            ObjectNode fields = body.putObject("errors");
            errors.errors().forEach(fields::put);
            return json(body.toString());
        }
        replyLater(submission.reply(), ack);
        return Response.ok(); // an empty 200 closes the modal
    }

    private Response reactionAdded(EventsApiPayload<ReactionAddedEvent> payload, EventContext ctx) {
        ReactionAddedEvent event = payload.getEvent();
        if (event == null || event.getItem() == null || !"message".equals(event.getItem().getType())
                || !settings.pinEmoji().equals(event.getReaction()) || botUserId.equals(event.getUser())) {
            return Response.ok();
        }
        if (ctx.getRetryNum() != null) {
            // Still processed: the engine dedupes on the event_id it has stored, we may not have seen the first.
            LOG.info("Slack retry {} ({}) of event {}", ctx.getRetryNum(), ctx.getRetryReason(), payload.getEventId());
        }
        platform.deliverReactionAsync(event.getItem().getChannel(), event.getItem().getTs(), event.getReaction(),
                orEmpty(event.getUser()), orEmpty(payload.getEventId()));
        return Response.ok();
    }

    private Ack dispatchQuietly(Inbound inbound) {
        try {
            return platform.dispatch(inbound);
        } catch (RuntimeException e) {
            LOG.error("The engine failed on {}", inbound.getClass().getSimpleName(), e);
            return Ack.silent();
        }
    }

    /** Slack ignores the HTTP body of a click or a submission; a reply has to go out separately. */
    private void replyLater(dev.incidentbot.chat.ReplyHandle handle, Ack ack) {
        if (ack instanceof Ack.Reply r) {
            platform.replyAsync(handle, r.message());
        }
    }

    private String ephemeral(RichMessage message) {
        ObjectNode body = JSON.createObjectNode().put("response_type", "ephemeral");
        platform.renderInto(body, message, false);
        return body.toString();
    }

    private static Response json(String body) {
        return Response.builder().statusCode(200).contentType(JSON_UTF8).body(body).build();
    }

    static Person person(String id, String name) {
        String safeId = orEmpty(id);
        String display = orEmpty(name).isEmpty() ? safeId : name;
        return new Person(safeId, display);
    }

    static ConversationRef conversation(String id, String name) {
        String safeId = orEmpty(id);
        return new ConversationRef(safeId, orEmpty(name).isEmpty() ? safeId : name);
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
