package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.PlatformConfigurationException;
import dev.incidentbot.chat.PlatformState;
import dev.incidentbot.chat.testing.InMemoryPlatformState;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up, credentials and restarts against a real Synapse. */
@ExtendWith(TestHomeserver.Extension.class)
class MatrixRestartTest {
    private final TestHomeserver hs;
    private final List<MatrixPlatform> platforms = new ArrayList<>();

    MatrixRestartTest(TestHomeserver hs) {
        this.hs = hs;
    }

    @AfterEach
    void stopAll() {
        platforms.forEach(MatrixPlatform::stop);
    }

    private MatrixPlatform started(PlatformState state, RecordingHandler handler) {
        MatrixPlatform platform = new MatrixPlatform(hs.botSettings(), state);
        platforms.add(platform);
        platform.start(handler);
        await().atMost(Duration.ofSeconds(20)).until(platform::isReady);
        return platform;
    }

    private long count(RecordingHandler handler, String text) {
        return handler.commands().stream().filter(c -> c.text().equals(text)).count();
    }

    @Test
    void firstStartIgnoresHistoryAndARestartHandlesWhatCameMeanwhileExactlyOnce() {
        // The bot joins a room, then is down while someone types a command: that is old history to a new install.
        RecordingHandler joiner = new RecordingHandler();
        MatrixPlatform first = started(new InMemoryPlatformState(), joiner);
        String room = hs.alice().roomWith(hs.bot().userId());
        await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, hs.bot().userId()).equals("join"));
        first.stop();
        hs.alice().say(room, "!incident old history");

        PlatformState state = new InMemoryPlatformState();
        RecordingHandler before = new RecordingHandler();
        MatrixPlatform fresh = started(state, before);
        hs.alice().say(room, "!incident marker one");
        before.awaitCommand("marker one");
        assertThat(count(before, "old history")).isZero();
        assertThat(state.get(MatrixPlatform.STATE_NEXT_BATCH)).isPresent();

        fresh.stop();
        assertThat(fresh.isReady()).isFalse();
        String missed = hs.alice().say(room, "!incident sev2 typed while the bot was down");

        RecordingHandler after = new RecordingHandler();
        started(state, after);
        Inbound.Command command = after.awaitCommand("sev2 typed while the bot was down");
        assertThat(command.deliveryId()).isEqualTo(missed);
        hs.alice().awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText().equals(missed));
        hs.alice().say(room, "!incident marker two");
        after.awaitCommand("marker two");
        assertThat(count(after, "sev2 typed while the bot was down")).isEqualTo(1);
        assertThat(count(before, "sev2 typed while the bot was down")).isZero();
        assertThat(count(after, "marker one")).isZero();
    }

    @Test
    void aReplySentAgainAfterARestartBetweenSendingAndRecordingAppearsOnce() {
        PlatformState state = new InMemoryPlatformState();
        RecordingHandler handler = new RecordingHandler();
        MatrixPlatform first = started(state, handler);
        String room = hs.alice().roomWith(hs.bot().userId());
        await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, hs.bot().userId()).equals("join"));
        String asked = hs.alice().say(room, "!incident sev2 search is slow");
        ReplyHandle reply = handler.awaitCommand("sev2 search is slow").reply();
        RichMessage answer = RichMessage.text("Declared INC-4: search is slow");
        // The outbox sent the late answer, then the process died before recording it: the next run sends it again.
        first.reply(reply, answer, false);
        first.stop();
        MatrixPlatform second = started(state, new RecordingHandler());
        second.reply(reply, answer, false);
        hs.alice().say(room, "!incident marker after the reply");

        hs.alice().awaitEvent(room, e -> e.text("body").equals("!incident marker after the reply"));
        assertThat(hs.alice().events(room, e -> e.sender().equals(hs.bot().userId())
                && e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText().equals(asked)
                && e.text("body").contains("Declared INC-4"))).hasSize(1);
    }

    @Test
    void moreCommandsWhileDownThanOneSyncHoldsAreAllHandledOnce() {
        PlatformState state = new InMemoryPlatformState();
        RecordingHandler before = new RecordingHandler();
        MatrixPlatform platform = started(state, before);
        String room = hs.alice().roomWith(hs.bot().userId());
        await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, hs.bot().userId()).equals("join"));
        hs.alice().say(room, "!incident joined");
        before.awaitCommand("joined");
        platform.stop();

        // More than the sync filter's timeline limit (50), so the sync answer is "limited".
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 1; i <= 70; i++) {
            hs.alice().say(room, "!incident note " + run + " " + i);
        }

        RecordingHandler after = new RecordingHandler();
        started(state, after);
        after.awaitCommand("note " + run + " 70");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(after.commands()
                .stream().filter(c -> c.text().startsWith("note " + run + " "))).hasSize(70));
        List<String> texts = after.commands().stream().map(Inbound.Command::text)
                .filter(t -> t.startsWith("note " + run + " ")).toList();
        assertThat(texts).doesNotHaveDuplicates();
        assertThat(texts.get(0)).isEqualTo("note " + run + " 1");
        assertThat(count(after, "joined")).isZero();
    }

    @Test
    void passwordLoginHappensOnceAndItsTokenAndDeviceAreKept() {
        PlatformState state = new InMemoryPlatformState();
        MatrixPlatform platform = MatrixPlatform.fromEnvironment(hs.passwordEnvironment(), state).orElseThrow();
        platforms.add(platform);
        platform.start(new RecordingHandler());
        String token = state.get(MatrixPlatform.STATE_ACCESS_TOKEN).orElseThrow();
        String device = state.get(MatrixPlatform.STATE_DEVICE_ID).orElseThrow();
        assertThat(token).isNotEqualTo(hs.bot().accessToken());
        assertThat(platform.userId()).contains(hs.bot().userId());
        platform.stop();

        MatrixPlatform again = MatrixPlatform.fromEnvironment(hs.passwordEnvironment(), state).orElseThrow();
        platforms.add(again);
        again.start(new RecordingHandler());
        again.stop();
        assertThat(state.get(MatrixPlatform.STATE_ACCESS_TOKEN)).contains(token);
        Session session = MatrixClient.withAccessToken(hs.baseUri(), token).whoami();
        assertThat(session.deviceId()).isEqualTo(device);
    }

    @Test
    void aRevokedStoredTokenLeadsToANewLoginOnTheSameDevice() {
        PlatformState state = new InMemoryPlatformState();
        state.put(MatrixPlatform.STATE_LOGIN_USER, hs.bot().userId());
        state.put(MatrixPlatform.STATE_ACCESS_TOKEN, "syt_revoked");
        state.put(MatrixPlatform.STATE_DEVICE_ID, "INCIDENTBOT");

        MatrixPlatform platform = MatrixPlatform.fromEnvironment(hs.passwordEnvironment(), state).orElseThrow();
        platforms.add(platform);
        platform.start(new RecordingHandler());
        platform.stop();

        String token = state.get(MatrixPlatform.STATE_ACCESS_TOKEN).orElseThrow();
        assertThat(token).isNotEqualTo("syt_revoked");
        assertThat(MatrixClient.withAccessToken(hs.baseUri(), token).whoami().deviceId()).isEqualTo("INCIDENTBOT");
    }

    @Test
    void badCredentialsStopStartUpNamingTheVariable() {
        MatrixSettings badToken = MatrixSettings.of(hs.baseUri(), new MatrixSettings.Credentials.AccessToken("nonsense"));
        assertThatThrownBy(() -> new MatrixPlatform(badToken, new InMemoryPlatformState()).start(new RecordingHandler()))
                .isInstanceOf(PlatformConfigurationException.class)
                .extracting(e -> ((PlatformConfigurationException) e).setting()).isEqualTo("MATRIX_ACCESS_TOKEN");

        MatrixSettings badPassword = MatrixSettings.of(hs.baseUri(),
                new MatrixSettings.Credentials.Password(hs.bot().userId(), "wrong"));
        assertThatThrownBy(() -> new MatrixPlatform(badPassword, new InMemoryPlatformState()).start(new RecordingHandler()))
                .isInstanceOf(PlatformConfigurationException.class)
                .extracting(e -> ((PlatformConfigurationException) e).setting()).isEqualTo("MATRIX_PASSWORD");
    }
}
