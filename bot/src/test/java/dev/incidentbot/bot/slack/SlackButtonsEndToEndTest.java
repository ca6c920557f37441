package dev.incidentbot.bot.slack;

import static dev.incidentbot.bot.slack.SlackBot.BOB;
import static dev.incidentbot.bot.slack.SlackBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.chat.Person;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buttons on the pinned initial message, clicked as Slack sends clicks, and the modals they open. */
class SlackButtonsEndToEndTest extends DeclaredSlackIncident {

    SlackButtonsEndToEndTest() {
        super("sev1 checkout returns 500s");
    }

    @BeforeEach
    void pinned() {
        await().atMost(WAIT).until(() -> bot.fake.channel(channel).orElseThrow().pins().size() == 1);
        bot.awaitDrained();
    }

    @Test
    void imCommanderSetsTheCommanderUpdatesThePinnedMessageAndTheTopic() {
        String pinnedTs = bot.initialMessage(1).ts();
        int before = bot.fake.calls().size();

        HttpResponse<String> click = bot.click(1, "I'm commander", BOB, "bob");

        assertThat(click.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> bot.incident(1).flatMap(Incident::commander).isPresent());
        assertThat(bot.incident(1).flatMap(Incident::commander)).contains(new Person(BOB, "bob"));
        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.ACKNOWLEDGED);
        await().atMost(WAIT).until(() -> bot.fake.channel(channel).orElseThrow().topic().contains("IC @bob"));
        bot.awaitDrained();

        List<FakeSlackWebApi.Call> after = bot.fake.calls().subList(before, bot.fake.calls().size());
        assertThat(after).extracting(FakeSlackWebApi.Call::method)
                .containsSubsequence("chat.postMessage", "chat.update", "conversations.setTopic");
        FakeSlackWebApi.Call update = after.stream().filter(c -> c.method().equals("chat.update")).findFirst()
                .orElseThrow();
        assertThat(update.param("channel")).isEqualTo(channel);
        assertThat(update.param("ts")).isEqualTo(pinnedTs);
        // The pinned message now names the commander and says acknowledged.
        String pinnedBlocks = bot.initialMessage(1).blocks().toString();
        assertThat(pinnedBlocks).contains("<@" + BOB + ">").contains("Acknowledged")
                .doesNotContain("nobody yet");
        assertThat(bot.fake.channel(channel).orElseThrow().topic())
                .isEqualTo("SEV1 · acknowledged · IC @bob · checkout returns 500s");
        assertThat(bot.texts(channel)).anySatisfy(t -> assertThat(t).contains("@bob is now incident commander"));
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged", "commander_assigned");
        // The clicker hears back through the click's response_url.
        await().atMost(WAIT).until(() -> bot.fake.responseUrlPosts().stream()
                .anyMatch(p -> p.body().path("text").asText().contains("commander of INC-1")));
    }

    @Test
    void acknowledgeActsAtOnce() {
        HttpResponse<String> click = bot.click(1, "Acknowledge", BOB, "bob");

        assertThat(click.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> bot.incident(1).orElseThrow().status() == Status.ACKNOWLEDGED);
        assertThat(bot.incident(1).flatMap(Incident::commander)).isEmpty();
        await().atMost(WAIT).until(() -> bot.fake.channel(channel).orElseThrow().topic()
                .equals("SEV1 · acknowledged · no IC yet · checkout returns 500s"));
        await().atMost(WAIT).until(() -> bot.initialMessage(1).blocks().toString().contains("Acknowledged"));
        assertThat(bot.texts(channel)).anySatisfy(t -> assertThat(t).contains("@bob acknowledged INC-1"));
        assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged");
    }

    @Test
    void postUpdateOpensAModalWhoseSubmissionPostsTheUpdate() {
        HttpResponse<String> click = bot.click(1, "Post update", BOB, "bob");
        assertThat(click.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> bot.fake.lastOpenedView().isPresent());
        JsonNode view = bot.fake.lastOpenedView().orElseThrow();
        assertThat(view.path("type").asText()).isEqualTo("modal");
        assertThat(view.path("blocks")).extracting(b -> b.path("block_id").asText())
                .contains("progress", "status", "impact", "next", "eta");
        // The click itself changed nothing.
        assertThat(bot.timelineTypes(1)).containsExactly("declared");

        HttpResponse<String> submitted = bot.submitLastModal(Map.of("progress", "Rolled back <!here> 2026.11.3",
                "status", "monitoring", "next", "Watch error rates"), BOB, "bob");

        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(submitted.body()).isEmpty(); // an empty 200 closes the modal
        await().atMost(WAIT).until(() -> bot.timelineTypes(1).contains("update_posted"));
        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.MONITORING);
        await().atMost(WAIT).until(() -> bot.texts(channel).stream()
                .anyMatch(t -> t.contains("Rolled back &lt;!here&gt; 2026.11.3")));
        assertThat(bot.fake.messages(channel)).noneMatch(m -> m.blocks().toString().contains("<!here>"));
        await().atMost(WAIT).until(() -> bot.fake.channel(channel).orElseThrow().topic()
                .startsWith("SEV1 · monitoring · "));
    }

    @Test
    void anInvalidStatusInTheUpdateModalGetsAFieldErrorAndChangesNothing() {
        bot.click(1, "Post update", BOB, "bob");
        await().atMost(WAIT).until(() -> bot.fake.lastOpenedView().isPresent());
        List<String> timeline = bot.timelineTypes(1);
        int calls = bot.fake.calls().size();

        // "resolved" is an incident status an update cannot set (free text like "on fire" is the service's status).
        HttpResponse<String> submitted = bot.submitLastModal(Map.of("progress", "Still looking",
                "status", "resolved"), BOB, "bob");

        assertThat(submitted.statusCode()).isEqualTo(200);
        JsonNode body = SlackBot.json(submitted);
        assertThat(body.path("response_action").asText()).isEqualTo("errors");
        assertThat(body.path("errors").path("status").asText()).contains("investigating");
        assertThat(body.path("errors").has("progress")).isFalse();

        assertThat(bot.app.drain(Duration.ofMillis(300))).isTrue();
        assertThat(bot.timelineTypes(1)).isEqualTo(timeline);
        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.DECLARED);
        assertThat(bot.fake.calls()).hasSize(calls);

        // The same modal corrected goes through.
        HttpResponse<String> fixed = bot.submitLastModal(Map.of("progress", "Still looking",
                "status", "investigating"), BOB, "bob");
        assertThat(fixed.body()).isEmpty();
        await().atMost(WAIT).until(() -> bot.timelineTypes(1).contains("update_posted"));
    }

    @Test
    void resolveOpensAModalWhoseSubmissionResolves() {
        bot.click(1, "Resolve", BOB, "bob");
        await().atMost(WAIT).until(() -> bot.fake.lastOpenedView().isPresent());
        JsonNode view = bot.fake.lastOpenedView().orElseThrow();
        assertThat(view.path("blocks")).extracting(b -> b.path("block_id").asText())
                .contains("solution", "root_cause", "follow_up");

        HttpResponse<String> missing = bot.submitLastModal(Map.of("solution", " "), BOB, "bob");
        assertThat(SlackBot.json(missing).path("errors").has("solution")).isTrue();
        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.DECLARED);

        HttpResponse<String> submitted = bot.submitLastModal(Map.of("solution", "Rolled back release 2026.11.3",
                "root_cause", "A bad feature flag"), BOB, "bob");

        assertThat(submitted.body()).isEmpty();
        await().atMost(WAIT).until(() -> bot.incident(1).orElseThrow().status() == Status.RESOLVED);
        assertThat(bot.timelineTypes(1)).endsWith("resolved");
        bot.awaitDrained();
        assertThat(bot.texts(channel)).anySatisfy(t -> assertThat(t).contains("Rolled back release 2026.11.3"));
        // The pinned message says resolved and has no buttons left.
        JsonNode pinned = bot.initialMessage(1).blocks();
        assertThat(pinned.toString()).contains("Resolved");
        assertThat(pinned).noneMatch(b -> b.path("type").asText().equals("actions"));
        assertThat(bot.fake.channel(channel).orElseThrow().topic()).startsWith("SEV1 · resolved · ");
    }
}
