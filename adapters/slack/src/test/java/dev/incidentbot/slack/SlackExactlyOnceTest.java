package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Attempt;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSlackWebApi.Failure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack has no idempotency keys: a retry whose earlier try may have landed (the answer was lost, or the bot died before
 * recording it) must find what that try made. Against the strict fake answering in 100 ms, as Slack does.
 */
class SlackExactlyOnceTest {
    private static final String NAME = "inc-20261126-7-checkout-down";
    private static final ConversationSpec SPEC = new ConversationSpec(NAME, "SEV1", List.of("U0ALICE1"), false);

    private SlackTestBed bed;
    private FakeSlackWebApi fake;

    @BeforeEach
    void start() {
        bed = new SlackTestBed().started();
        fake = bed.fake;
        fake.addUser("U0ALICE1", "alice", "alice@example.com");
        fake.delayEachCall(Duration.ofMillis(100));
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    /** A second platform on the same workspace: the bot after a restart, with nothing in memory. */
    private SlackPlatform restarted() {
        SlackPlatform again = new SlackPlatform(SlackSettings.of(FakeSlackWebApi.TOKEN, SlackTestBed.SECRET)
                .withApiUrl(fake.apiUrl()).withWebApiTimeout(Duration.ofSeconds(20)));
        again.start(bed.engine());
        return again;
    }

    @Test
    void aCreateWhoseAnswerWasLostIsAdoptedAfterARestartNotOpenedAgain() {
        fake.failNext("conversations.create", 1, new Failure.AnswerLost(504));
        assertThatThrownBy(() -> bed.platform.createConversation(SPEC, Attempt.first("a1b2-17")))
                .isInstanceOf(DeliveryException.Retryable.class);
        assertThat(fake.channelsNamedLike(NAME)).as("Slack made it although the bot never heard").hasSize(1);

        SlackPlatform again = restarted();
        try {
            ConversationRef channel = again.createConversation(SPEC, new Attempt("a1b2-17", true));
            assertThat(channel.name()).isEqualTo(NAME);
            assertThat(fake.channelsNamedLike(NAME)).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(channel.id());
                assertThat(c.members()).contains("U0ALICE1");
            });
            assertThat(fake.purposeOf(channel.id())).contains("(ref a1b2-17)");
        } finally {
            again.stop();
        }
    }

    @Test
    void aChannelCreatedAndMarkedByAnEarlierTryIsAdopted() {
        ConversationRef first = bed.platform.createConversation(SPEC, Attempt.first("a1b2-18"));
        SlackPlatform again = restarted();
        try {
            assertThat(again.createConversation(SPEC, new Attempt("a1b2-18", true))).isEqualTo(first);
            assertThat(fake.channelsNamedLike(NAME)).hasSize(1);
        } finally {
            again.stop();
        }
    }

    @Test
    void aNameTakenBySomeoneElseGetsANewNameAndTheirChannelIsLeftAlone() {
        String theirs = fake.addChannel(NAME, "U0ALICE1");
        ConversationRef channel = bed.platform.createConversation(SPEC, Attempt.first("a1b2-19"));

        assertThat(channel.name()).isEqualTo(NAME + "-2");
        assertThat(fake.purposeOf(theirs)).isEmpty();
        assertThat(fake.calls("conversations.list")).isNotEmpty();
    }

    @Test
    void aChannelTheBotMadeForAnotherSendIsNotAdopted() {
        bed.platform.createConversation(SPEC, Attempt.first("a1b2-20"));
        SlackPlatform again = restarted();
        try {
            ConversationRef other = again.createConversation(SPEC, new Attempt("a1b2-99", true));
            assertThat(other.name()).isEqualTo(NAME + "-2");
        } finally {
            again.stop();
        }
    }

    @Test
    void aPostWhoseAnswerWasLostIsFoundByItsMetadataAndNotPostedAgain() {
        ConversationRef channel = bed.platform.createConversation(SPEC, Attempt.first("a1b2-21"));
        fake.failNext("chat.postMessage", 1, new Failure.AnswerLost(504));
        RichMessage message = RichMessage.text("Checkout is down; we are on it.");
        assertThatThrownBy(() -> bed.platform.post(channel, message, Attempt.first("a1b2-22")))
                .isInstanceOf(DeliveryException.Retryable.class);
        fake.addMessage(channel.id(), "U0ALICE1", "me too");

        MessageRef ref = bed.platform.post(channel, message, new Attempt("a1b2-22", true));

        assertThat(fake.messages(channel.id())).hasSize(2);
        assertThat(ref.id()).isEqualTo(fake.messages(channel.id()).get(0).ts());
        assertThat(fake.metadataOf(channel.id(), ref.id())).hasValueSatisfying(m -> {
            assertThat(m.path("event_type").asText()).isEqualTo("incident_bot_delivery");
            assertThat(m.path("event_payload").path("key").asText()).isEqualTo("a1b2-22");
        });
        assertThat(fake.calls("conversations.history")).singleElement()
                .satisfies(c -> assertThat(c.param("include_all_metadata")).isEqualTo("1"));
    }

    @Test
    void anUploadWhoseAnswerWasLostIsFoundInTheChannelAndNotUploadedAgain() {
        ConversationRef channel = bed.platform.createConversation(SPEC, Attempt.first("a1b2-31"));
        byte[] draft = "# INC-7 post-mortem draft\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fake.failNext("files.completeUploadExternal", 1, new Failure.AnswerLost(504));
        assertThatThrownBy(() -> bed.platform.upload(channel, "inc-7-postmortem.md", draft, "Draft",
                Attempt.first("a1b2-32"))).isInstanceOf(DeliveryException.Retryable.class);
        assertThat(fake.filesIn(channel.id())).hasSize(1);

        bed.platform.upload(channel, "inc-7-postmortem.md", draft, "Draft", new Attempt("a1b2-32", true));

        assertThat(fake.filesIn(channel.id())).hasSize(1);
        // A retry whose earlier try never landed still uploads, and a different file is not mistaken for it.
        fake.failNext("files.completeUploadExternal", 1, new Failure.ServerError(503));
        byte[] timeline = "INC-7 timeline\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> bed.platform.upload(channel, "inc-7-timeline.txt", timeline, "",
                Attempt.first("a1b2-33"))).isInstanceOf(DeliveryException.Retryable.class);
        bed.platform.upload(channel, "inc-7-timeline.txt", timeline, "", new Attempt("a1b2-33", true));
        assertThat(fake.filesIn(channel.id())).hasSize(2);
    }

    @Test
    void aRetryWhoseEarlierTryNeverLandedPostsOnce() {
        ConversationRef channel = bed.platform.createConversation(SPEC, Attempt.first("a1b2-23"));
        fake.failNext("chat.postMessage", 1, new Failure.ServerError(503));
        RichMessage message = RichMessage.text("Update: rolled back.");
        assertThatThrownBy(() -> bed.platform.post(channel, message, Attempt.first("a1b2-24")))
                .isInstanceOf(DeliveryException.Retryable.class);

        bed.platform.post(channel, message, new Attempt("a1b2-24", true));

        assertThat(fake.messages(channel.id())).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Update: rolled back."));
    }

    @Test
    void theChannelIsMarkedAndTheFakeRejectsMalformedMetadataAsSlackDoes() throws Exception {
        ConversationRef channel = bed.platform.createConversation(SPEC, Attempt.first("a1b2-25"));
        assertThat(fake.calls("conversations.setPurpose")).singleElement()
                .satisfies(c -> assertThat(c.param("purpose")).isEqualTo(DeliveryMarks.purpose("a1b2-25")));
        for (String metadata : List.of("{\"event_type\":\"x\"}", "not json", "{\"event_type\":1,\"event_payload\":{}}")) {
            String form = "channel=" + channel.id() + "&text=hi&metadata="
                    + java.net.URLEncoder.encode(metadata, java.nio.charset.StandardCharsets.UTF_8);
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(fake.apiUrl().resolve("chat.postMessage"))
                            .header("Authorization", "Bearer " + FakeSlackWebApi.TOKEN)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).as(metadata).contains("\"ok\":false").contains("invalid_metadata_format");
        }
        assertThat(fake.messages(channel.id())).isEmpty();
    }
}
