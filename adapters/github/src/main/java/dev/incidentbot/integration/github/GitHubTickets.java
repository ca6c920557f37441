package dev.incidentbot.integration.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.ExternalRefs;
import dev.incidentbot.integration.IncidentSignal;
import dev.incidentbot.integration.OutboundCall;
import dev.incidentbot.integration.ReactingIntegration;
import java.util.List;
import java.util.Optional;

/**
 * Action items out to GitHub issues. {@link #actionItemAdded} asks for one {@code create_issue} per action item (the
 * engine enqueues a key once); {@link #perform} records that it is about to try before it posts, so a try after an
 * unknown outcome (crash, lost answer) first looks for the issue by its marker and adopts it instead of creating
 * another.
 */
public final class GitHubTickets implements ReactingIntegration {
    public static final String NAME = "github";
    static final String CREATE = "create_issue";
    private static final String ATTEMPTED = "attempted:";

    private final GitHubSettings settings;
    private final GitHubIssues issues;
    private final ObjectMapper json = new ObjectMapper();

    public GitHubTickets(GitHubSettings settings) {
        this.settings = settings;
        this.issues = new GitHubIssues(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<OutboundCall> actionItemAdded(IncidentSignal.ActionItemAdded a) {
        ObjectNode payload = json.createObjectNode();
        payload.put("incident", a.facts().id());
        payload.put("incident_title", a.facts().title());
        payload.put("severity", a.facts().severityKey());
        payload.put("incident_link", a.facts().conversationLink().orElse("#" + a.facts().conversationName()));
        payload.put("item", a.n());
        payload.put("text", a.text());
        payload.put("owner", a.owner());
        payload.put("due", a.due());
        return List.of(new OutboundCall(NAME, CREATE, payload, OutboundCall.actionItemKey(a.n()),
                "GitHub issue in " + settings.owner() + "/" + settings.repo() + " for action item " + a.n()));
    }

    @Override
    public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
        if (!call.action().equals(CREATE)) {
            throw new DeliveryException.Permanent("GitHub integration has no action \"" + call.action() + "\"");
        }
        ActionItemTicket ticket = ticket(call.payload());
        Optional<CreatedIssue> earlier = Optional.empty();
        if (refs.find(ATTEMPTED + call.idempotencyKey()).isPresent()) {
            earlier = issues.findByMarker(ticket.marker());
        } else {
            refs.store(ATTEMPTED + call.idempotencyKey(), "1");
        }
        CreatedIssue issue = earlier.orElseGet(() -> issues.create(ticket.draft(settings)));
        Optional<String> login = settings.loginOf(ticket.owner());
        String owner = ticket.owner().isEmpty() ? ""
                : issue.assigned() ? ", assigned to " + login.orElse(ticket.owner())
                : login.isPresent() ? ", unassigned (GitHub refused " + login.get() + " as assignee)"
                : ", unassigned (no GitHub login for " + ticket.owner() + " under tickets.github.people)";
        return CallOutcome.withRef(issue.htmlUrl().toString()).withLine("GitHub issue #" + issue.number()
                + " for action item " + ticket.item() + owner + ": " + issue.htmlUrl());
    }

    private static ActionItemTicket ticket(JsonNode p) {
        return new ActionItemTicket(p.path("incident").asText(), p.path("incident_title").asText(),
                p.path("severity").asText(), Optional.ofNullable(p.get("incident_link")).map(JsonNode::asText),
                p.path("item").asInt(), p.path("text").asText(), p.path("owner").asText(), p.path("due").asText());
    }
}
