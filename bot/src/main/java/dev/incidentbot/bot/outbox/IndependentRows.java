package dev.incidentbot.bot.outbox;

import dev.incidentbot.chat.ConversationRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which pending rows at the head of a lane may run at the same time: a run of topic, invitation, post and
 * announcement rows in which no two touch the same thing (one topic, one invitation, one message per conversation),
 * so the order that matters (messages within a conversation, a pin after its post, anything after the create) is kept.
 * After a declaration this lets topic, invitation, initial post and announcement go out together.
 */
final class IndependentRows {

    private IndependentRows() {
    }

    /**
     * The longest prefix of {@code pending} (one lane's rows in order, the head first) whose rows are independent;
     * never empty when {@code pending} is not. {@code incidentConversation} is the lane's conversation, if created.
     */
    static List<OutboxRow> leading(List<OutboxRow> pending, Optional<ConversationRef> incidentConversation) {
        List<OutboxRow> run = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (OutboxRow row : pending) {
            Optional<String> touches = touches(row.delivery(), incidentConversation);
            if (run.isEmpty()) {
                run.add(row);
                if (touches.isEmpty()) {
                    return run;
                }
                touched.add(touches.get());
                continue;
            }
            if (touches.isEmpty() || !touched.add(touches.get())) {
                break;
            }
            run.add(row);
        }
        return run;
    }

    /** What a row changes, for rows that may run beside others; empty for rows that must run alone. */
    private static Optional<String> touches(Delivery d, Optional<ConversationRef> incidentConversation) {
        String incident = incidentConversation.map(ConversationRef::id).orElse("");
        if (incident.isEmpty()) {
            return Optional.empty(); // nothing runs beside the create, or before it
        }
        if (d instanceof Delivery.SetTopic) {
            return Optional.of("topic");
        }
        if (d instanceof Delivery.Invite) {
            return Optional.of("invite");
        }
        if (d instanceof Delivery.Post post) {
            String where = post.target() instanceof Delivery.Target.Conversation c ? c.ref().id() : incident;
            return Optional.of("messages in " + where);
        }
        if (d instanceof Delivery.Announce announce) {
            return Optional.of("messages in " + announce.where().id());
        }
        return Optional.empty();
    }
}
