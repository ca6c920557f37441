package dev.incidentbot.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.RichMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IndependentRowsTest {
    private static final Optional<ConversationRef> INCIDENT = Optional.of(new ConversationRef("C0INC", "inc-1"));
    private static final ConversationRef GENERAL = new ConversationRef("C0GEN", "general");
    private static final ConversationRef EVERYWHERE = new ConversationRef("C0ALL", "incidents");
    private final AtomicLong ids = new AtomicLong();

    private OutboxRow row(Delivery d) {
        return new OutboxRow(ids.incrementAndGet(), "incident-1", "slack", 1, d, 0);
    }

    private static List<List<Long>> ids(List<List<OutboxRow>> chains) {
        return chains.stream().map(c -> c.stream().map(OutboxRow::id).toList()).toList();
    }

    @Test
    void afterTheCreateTopicInvitationPostAndAnnouncementsGoTogetherAndThePinFollowsItsPost() {
        List<OutboxRow> rows = List.of(row(new Delivery.SetTopic("t")), row(new Delivery.Invite(List.of("U1"))),
                row(new Delivery.Post(Delivery.Target.incident(), RichMessage.text("initial"), "initial")),
                row(new Delivery.Announce(GENERAL, RichMessage.text("a"))),
                row(new Delivery.Announce(EVERYWHERE, RichMessage.text("a"))), row(new Delivery.Pin("initial")),
                row(new Delivery.Post(Delivery.Target.incident(), RichMessage.text("later"), "")));
        assertThat(ids(IndependentRows.leading(rows, INCIDENT)))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L, 6L), List.of(4L), List.of(5L));
    }

    @Test
    void theCreateAndRowsBeforeItRunAlone() {
        List<OutboxRow> rows = List.of(row(new Delivery.CreateConversation(new ConversationSpec("inc-1", "", List.of(), false))),
                row(new Delivery.SetTopic("t")));
        assertThat(ids(IndependentRows.leading(rows, INCIDENT))).containsExactly(List.of(1L));
        assertThat(ids(IndependentRows.leading(rows.subList(1, 2), Optional.empty()))).containsExactly(List.of(2L));
    }

    @Test
    void twoMessagesInOneConversationTwoTopicsAndEditsKeepTheirOrder() {
        List<OutboxRow> posts = List.of(row(new Delivery.Post(Delivery.Target.incident(), RichMessage.text("1"), "")),
                row(new Delivery.Invite(List.of("U1"))),
                row(new Delivery.Post(Delivery.Target.conversation(INCIDENT.get()), RichMessage.text("2"), "")));
        assertThat(ids(IndependentRows.leading(posts, INCIDENT))).containsExactly(List.of(1L), List.of(2L));

        List<OutboxRow> topics = List.of(row(new Delivery.SetTopic("a")), row(new Delivery.SetTopic("b")));
        assertThat(ids(IndependentRows.leading(topics, INCIDENT))).containsExactly(List.of(4L));

        List<OutboxRow> edits = List.of(row(new Delivery.Update("initial", RichMessage.text("x"))),
                row(new Delivery.SetTopic("c")));
        assertThat(ids(IndependentRows.leading(edits, INCIDENT))).containsExactly(List.of(6L));
        List<OutboxRow> editAfterPost = List.of(row(new Delivery.SetTopic("d")),
                row(new Delivery.Update("initial", RichMessage.text("y"))));
        assertThat(ids(IndependentRows.leading(editAfterPost, INCIDENT))).containsExactly(List.of(8L));
    }

    @Test
    void aPinWhosePostIsNotBesideItWaits() {
        List<OutboxRow> rows = List.of(row(new Delivery.SetTopic("t")), row(new Delivery.Pin("initial")));
        assertThat(ids(IndependentRows.leading(rows, INCIDENT))).containsExactly(List.of(1L));
    }
}
