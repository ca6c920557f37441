package dev.incidentbot.bot.outbox;

import dev.incidentbot.chat.ConversationRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which pending rows at the head of a lane may run at the same time: a run of topic, invitation, post and
 * announcement rows in which no two touch the same thing (one topic, one invitation of the same people, one message per conversation),
 * so the order that matters (messages within a conversation, anything after the create) is kept. A pin right after
 * the run follows its own post at once, without waiting for the others. After a declaration this lets topic,
 * invitation, initial post and announcement go out together, and the pin right behind the post.
 */
final class IndependentRows {

    private IndependentRows() {
    }

    /**
     * Chains to run side by side, each in its own order, taken from the front of {@code pending} (one lane's rows in
     * order, the head first; the head's chain comes first). Never empty when {@code pending} is not.
     * {@code incidentConversation} is the lane's conversation, if created: nothing runs beside the create.
     */
    static List<List<OutboxRow>> leading(List<OutboxRow> pending, Optional<ConversationRef> incidentConversation) {
        List<List<OutboxRow>> chains = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        int taken = 0;
        for (OutboxRow row : pending) {
            Optional<String> touches = touches(row.delivery(), incidentConversation);
            if (chains.isEmpty()) {
                chains.add(new ArrayList<>(List.of(row)));
                taken++;
                if (touches.isEmpty()) {
                    return chains;
                }
                touched.add(touches.get());
                continue;
            }
            if (touches.isEmpty() || !touched.add(touches.get())) {
                break;
            }
            chains.add(new ArrayList<>(List.of(row)));
            taken++;
        }
        if (chains.size() > 1 && taken < pending.size() && pending.get(taken).delivery() instanceof Delivery.Pin pin) {
            OutboxRow pinRow = pending.get(taken);
            chains.stream().filter(chain -> chain.get(0).delivery() instanceof Delivery.Post post
                    && !post.refKey().isEmpty() && post.refKey().equals(pin.refKey()))
                    .findFirst().ifPresent(chain -> chain.add(pinRow));
        }
        return chains;
    }

    /** What a row changes, for rows that may run beside others; empty for rows that must run alone. */
    private static Optional<String> touches(Delivery d, Optional<ConversationRef> incidentConversation) {
        String incident = incidentConversation.map(ConversationRef::id).orElse("");
        if (incident.isEmpty()) {
            return Optional.empty();
        }
        if (d instanceof Delivery.SetTopic) {
            return Optional.of("topic");
        }
        if (d instanceof Delivery.Invite invite) {
            return Optional.of("invitation of " + String.join(",", invite.targets()));
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
