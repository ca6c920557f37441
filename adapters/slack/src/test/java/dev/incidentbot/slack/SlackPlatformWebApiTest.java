package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlatformConfigurationException;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSlackWebApi.Failure;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbound half: every ChatPlatform call against the strict fake, and how Slack's failures map. */
class SlackPlatformWebApiTest {

    private SlackTestBed bed;
    private FakeSlackWebApi fake;
    private SlackPlatform slack;

    @BeforeEach
    void start() {
        bed = new SlackTestBed().started();
        fake = bed.fake;
        slack = bed.platform;
        fake.addUser("U0ALICE1", "alice", "alice@example.com");
        fake.addUser("U0BOB001", "bob", "bob@example.com");
        fake.addUser("U0CAROL1", "carol", "carol@example.com");
        fake.addUserGroup("S0ONCALL1", "U0BOB001", "U0CAROL1");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    @Test
    void shortHandlesFindPeopleByHandleThenNameFromACachedUsersList() {
        fake.addUser("U0BOB002", "bobby", "bobby@example.com", "bob", "Robert Tables");
        ConversationRef general = new ConversationRef(fake.addChannel("general", "U0ALICE1"), "general");

        // Handles win over display names: "@bob" is the user whose handle is bob.
        assertThat(slack.findPeople(general, "@bob")).containsExactly(new Person("U0BOB001", "bob"));
        assertThat(slack.findPeople(general, "carol")).containsExactly(new Person("U0CAROL1", "carol"));
        assertThat(slack.findPeople(general, "@Robert Tables")).containsExactly(new Person("U0BOB002", "bob"));
        assertThat(fake.calls("users.list")).hasSize(1);
        assertThat(slack.findPeople(general, "@nobody")).isEmpty();
        assertThat(slack.findPeople(general, "@")).isEmpty();
    }

    @Test
    void usersListIsReadPageByPage() {
        for (int i = 0; i < 450; i++) {
            fake.addUser(String.format("U0P%05d", i), "person" + i, "p" + i + "@example.com");
        }
        ConversationRef general = new ConversationRef(fake.addChannel("general", "U0ALICE1"), "general");
        assertThat(slack.findPeople(general, "@person449")).extracting(Person::id).containsExactly("U0P00449");
        List<FakeSlackWebApi.Call> pages = fake.calls("users.list");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).param("cursor")).isEmpty();
        assertThat(pages.get(1).param("cursor")).isNotEmpty();
    }

    @Test
    void aTopicIsEscapedSoTypedMarkupStaysText() {
        ConversationRef channel = new ConversationRef(fake.addChannel("inc-1", "U0ALICE1"), "inc-1");
        slack.setTopic(channel, "SEV1 · declared · <!channel> R&D <@U0BOB001>");
        assertThat(fake.calls("conversations.setTopic").get(0).param("topic"))
                .isEqualTo("SEV1 · declared · &lt;!channel&gt; R&amp;D &lt;@U0BOB001&gt;");
    }

    @Test
    void startsOnlyWithATokenSlackAccepts() throws Exception {
        assertThat(slack.isReady()).isTrue();
        assertThat(fake.calls("auth.test")).singleElement()
                .satisfies(call -> assertThat(call.token()).isEqualTo(FakeSlackWebApi.TOKEN));

        SlackPlatform wrong = new SlackPlatform(SlackSettings.of("xoxb-wrong", "secret").withApiUrl(fake.apiUrl()));
        assertThatThrownBy(() -> wrong.start((from, in) -> null))
                .isInstanceOfSatisfying(PlatformConfigurationException.class, e -> {
                    assertThat(e.setting()).isEqualTo("SLACK_BOT_TOKEN");
                    assertThat(e.getMessage()).contains("invalid_auth");
                });
        assertThat(wrong.isReady()).isFalse();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SlackPlatform unreachable = new SlackPlatform(SlackSettings.of(FakeSlackWebApi.TOKEN, "secret")
                .withApiUrl(URI.create("http://127.0.0.1:" + closedPort + "/api/")));
        assertThatThrownBy(() -> unreachable.start((from, in) -> null))
                .isInstanceOfSatisfying(PlatformConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("SLACK_API_URL"));
    }

    @Test
    void settingsComeFromTheEnvironmentOnlyWhenBothSecretsAreSet() {
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1"))).isEmpty();
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_SIGNING_SECRET", "s"))).isEmpty();
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_SIGNING_SECRET", "s", "SLACK_API_URL", "http://127.0.0.1:9/api")).orElseThrow();
        assertThat(settings.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:9/api/"));
        assertThat(settings.pinEmoji()).isEqualTo("pushpin");
        assertThat(settings.commandName()).isEqualTo("/incident");
        assertThat(settings.toString()).doesNotContain("xoxb-1");
        assertThat(SlackPlatform.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void createsAValidChannelAddingASuffixWhileTheNameIsTaken() {
        fake.addChannel("inc-20261126-7-checkout-down");
        fake.addChannel("inc-20261126-7-checkout-down-2");

        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-20261126-7-Checkout DOWN!",
                "SEV1 · investigating", List.of("U0ALICE1"), false));

        assertThat(channel.name()).isEqualTo("inc-20261126-7-checkout-down-3");
        assertThat(fake.calls("conversations.create")).extracting(c -> c.param("name")).containsExactly(
                "inc-20261126-7-checkout-down", "inc-20261126-7-checkout-down-2", "inc-20261126-7-checkout-down-3");
        FakeSlackWebApi.Channel created = fake.channel(channel.id()).orElseThrow();
        assertThat(created.isPrivate()).isFalse();
        assertThat(created.topic()).isEqualTo("SEV1 · investigating");
        assertThat(created.members()).contains("U0ALICE1", FakeSlackWebApi.BOT_USER_ID);
    }

    @Test
    void createsPrivateChannelsWhenConfiguredOrAsked() throws Exception {
        try (SlackTestBed privateBed = new SlackTestBed(s -> s.withPrivateChannels(true)).started()) {
            ConversationRef c = privateBed.platform.createConversation(
                    new ConversationSpec("inc-1-a", "", List.of(), false));
            assertThat(privateBed.fake.channel(c.id()).orElseThrow().isPrivate()).isTrue();
        }
        ConversationRef asked = slack.createConversation(new ConversationSpec("inc-2-b", "", List.of(), true));

        assertThat(fake.channel(asked.id()).orElseThrow().isPrivate()).isTrue();
    }

    @Test
    void aRetriedCreateReusesTheChannelItAlreadyMade() {
        fake.failNext("conversations.setTopic", 1, new Failure.Ratelimited(1));
        ConversationSpec spec = new ConversationSpec("inc-3-retry", "topic", List.of("U0BOB001"), false);

        assertThatThrownBy(() -> slack.createConversation(spec)).isInstanceOf(DeliveryException.Retryable.class);
        ConversationRef channel = slack.createConversation(spec);

        assertThat(channel.name()).isEqualTo("inc-3-retry");
        assertThat(fake.calls("conversations.create")).hasSize(1);
        assertThat(fake.channel(channel.id()).orElseThrow().members()).contains("U0BOB001");
    }

    @Test
    void invitesUsersGroupsAndEmailsAndReportsWhatSlackCannotResolve() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-4", "", List.of(), false));

        List<String> notInvited = slack.invite(channel, List.of("U0ALICE1", "S0ONCALL1", "carol@example.com",
                "ghost@example.com", "@oncall-primary", "S0NOGROUP", FakeSlackWebApi.BOT_USER_ID));

        assertThat(notInvited).containsExactly("ghost@example.com", "@oncall-primary", "S0NOGROUP");
        assertThat(fake.channel(channel.id()).orElseThrow().members())
                .contains("U0ALICE1", "U0BOB001", "U0CAROL1");
        assertThat(fake.calls("conversations.invite")).singleElement()
                .satisfies(c -> assertThat(c.param("users").split(",")).containsExactlyInAnyOrder(
                        "U0ALICE1", "U0BOB001", "U0CAROL1"));
    }

    @Test
    void alreadyPresentPeopleAreNotAnErrorAndUnknownIdsAreReported() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-5", "", List.of("U0ALICE1"),
                false));

        assertThat(slack.invite(channel, List.of("U0ALICE1"))).isEmpty();
        assertThat(slack.invite(channel, List.of("U0ALICE1", "U0NOBODY1", "U0BOB001"))).containsExactly("U0NOBODY1");
        assertThat(fake.channel(channel.id()).orElseThrow().members()).contains("U0BOB001");
    }

    @Test
    void looksEachEmailUpOnceForInvitesAndMentions() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-6", "", List.of(), false));
        slack.invite(channel, List.of("alice@example.com"));
        slack.invite(channel, List.of("ALICE@example.com"));
        MessageRef posted = slack.post(channel, RichMessage.of(Text.of(new Span.Plain("IC: "),
                new Span.Mention("alice@example.com", "alice"))), "k1");

        assertThat(fake.calls("users.lookupByEmail")).hasSize(1);
        assertThat(blocksOf(channel, posted).toString()).contains("<@U0ALICE1>");
    }

    @Test
    void postsEscapedBlockKitWithAPlainFallback() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-7", "", List.of(), false));
        String title = "<!channel> *bold* <script>";
        RichMessage initial = new RichMessage(Text.plain("INC-7: " + title),
                List.of(new Block.Paragraph(Text.of(new Span.Strong("Impact: "), new Span.Plain(title))),
                        new Block.Fields(List.of(new Block.Field("Commander", Text.of(Span.Mention.of(
                                new Person("U0ALICE1", "alice"))))))),
                List.of(Button.of("ack", "Acknowledge", "INC-7", "/incident ack")), Text.empty());

        MessageRef ref = slack.post(channel, initial, "INC-7/initial");

        FakeSlackWebApi.Message stored = fake.messages(channel.id()).get(0);
        assertThat(ref.id()).isEqualTo(stored.ts());
        assertThat(stored.blocks().toString()).doesNotContain("<!channel>", "<script>")
                .contains("&lt;!channel&gt; *bold* &lt;script&gt;", "<@U0ALICE1>");
        assertThat(stored.text()).contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        assertThat(stored.blocks().get(0).path("type").asText()).isEqualTo("header");
    }

    @Test
    void updatesPinsAndSetsTheTopic() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-8", "", List.of(), false));
        MessageRef ref = slack.post(channel, RichMessage.text("Status: investigating"), "k");

        slack.update(ref, RichMessage.text("Status: mitigated"));
        slack.pin(ref);
        slack.pin(ref); // already_pinned is success
        slack.setTopic(channel, "SEV1 · mitigated · IC @alice " + "x".repeat(300));

        assertThat(fake.messages(channel.id())).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Status: mitigated"));
        assertThat(fake.channel(channel.id()).orElseThrow().pins()).containsExactly(ref.id());
        String topic = fake.channel(channel.id()).orElseThrow().topic();
        assertThat(topic).startsWith("SEV1 · mitigated · IC @alice").hasSize(250).endsWith("…");
    }

    @Test
    void uploadsThroughTheExternalUploadFlow() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-9", "", List.of(), false));
        byte[] markdown = "# Post-mortem INC-9\n\nRoot cause: café ☕ cache\n".getBytes(StandardCharsets.UTF_8);

        slack.upload(channel, "inc-9-postmortem.md", markdown, "Post-mortem draft");

        assertThat(fake.methods()).containsSubsequence("files.getUploadURLExternal", "files.completeUploadExternal");
        FakeSlackWebApi.Call getUrl = fake.calls("files.getUploadURLExternal").get(0);
        assertThat(getUrl.param("filename")).isEqualTo("inc-9-postmortem.md");
        assertThat(getUrl.param("length")).isEqualTo(Integer.toString(markdown.length));
        String fileId = fake.filesIn(channel.id()).get(0);
        assertThat(fake.uploaded(fileId)).hasValue(markdown);
        assertThat(fake.calls("files.completeUploadExternal").get(0).param("channel_id")).isEqualTo(channel.id());
    }

    @Test
    void rateLimitsAreRetryableAfterSlacksRetryAfter() {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-10", "", List.of(), false));
        fake.failNext("chat.postMessage", 1, new Failure.Ratelimited(7));

        assertThatThrownBy(() -> slack.post(channel, RichMessage.text("hi"), "k"))
                .isInstanceOfSatisfying(DeliveryException.Retryable.class,
                        e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7)));
        slack.post(channel, RichMessage.text("hi"), "k");
        assertThat(fake.messages(channel.id())).hasSize(1);
    }

    @Test
    void serverErrorsAndTimeoutsAreRetryable() throws Exception {
        ConversationRef channel = slack.createConversation(new ConversationSpec("inc-11", "", List.of(), false));
        fake.failNext(1, new Failure.ServerError(500));
        assertThatThrownBy(() -> slack.setTopic(channel, "t")).isInstanceOf(DeliveryException.Retryable.class);
        fake.failNext(1, new Failure.ServerError(503));
        assertThatThrownBy(() -> slack.pin(new MessageRef(channel, "1.2")))
                .isInstanceOf(DeliveryException.Retryable.class);
        fake.failNext(1, new Failure.SlackError("internal_error"));
        assertThatThrownBy(() -> slack.setTopic(channel, "t")).isInstanceOf(DeliveryException.Retryable.class);

        try (SlackTestBed impatient = new SlackTestBed(s -> s.withWebApiTimeout(Duration.ofMillis(300))).started()) {
            impatient.fake.delayEachCall(Duration.ofSeconds(5));
            assertThatThrownBy(() -> impatient.platform.setTopic(new ConversationRef("C1", "c"), "t"))
                    .isInstanceOf(DeliveryException.Retryable.class);
        }
    }

    @Test
    void goneChannelsAndRemovedBotsArePermanent() {
        assertThatThrownBy(() -> slack.post(new ConversationRef("C0GONE", "gone"), RichMessage.text("x"), "k"))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("channel_not_found");
        String kicked = fake.addChannel("kicked");
        fake.removeBot(kicked);
        assertThatThrownBy(() -> slack.post(new ConversationRef(kicked, "kicked"), RichMessage.text("x"), "k"))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("not_in_channel");
        String archived = fake.addChannel("old");
        fake.archive(archived);
        assertThatThrownBy(() -> slack.setTopic(new ConversationRef(archived, "old"), "t"))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("is_archived");
    }

    @Test
    void aRevokedTokenIsPermanentAndMakesThePlatformNotReady() {
        fake.acceptToken("xoxb-rotated");
        assertThatThrownBy(() -> slack.setTopic(new ConversationRef("C1", "c"), "t"))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("invalid_auth");
        assertThat(slack.isReady()).isFalse();
    }

    @Test
    void repliesThroughTheResponseUrlAndFallsBackToAnEphemeralMessage() {
        String channel = fake.addChannel("general", "U0ALICE1");
        String responseUrl = fake.newResponseUrl();
        ReplyTarget target = new ReplyTarget(responseUrl, channel, "U0ALICE1");

        slack.reply(target.toHandle(), RichMessage.text("Declaring INC-12 <now>"), true);

        assertThat(fake.responseUrlPosts()).singleElement().satisfies(post -> {
            assertThat(post.responseUrl()).isEqualTo(responseUrl);
            assertThat(post.body().path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(post.body().path("text").asText()).isEqualTo("Declaring INC-12 &lt;now&gt;");
            assertThat(post.body().path("blocks").isArray()).isTrue();
        });

        fake.expireResponseUrls();
        slack.reply(target.toHandle(), RichMessage.text("later"), true);
        assertThat(fake.calls("chat.postEphemeral")).singleElement().satisfies(c -> {
            assertThat(c.param("channel")).isEqualTo(channel);
            assertThat(c.param("user")).isEqualTo("U0ALICE1");
        });
        slack.reply(target.toHandle(), RichMessage.text("for all"), false);
        assertThat(fake.messages(channel)).extracting(FakeSlackWebApi.Message::text).containsExactly("for all");
    }

    @Test
    void resolvesSlackMentionsWithoutTheNetwork() {
        int before = fake.calls().size();
        assertThat(slack.resolvePerson("<@U123ABC|alice>")).hasValue(new Person("U123ABC", "alice"));
        assertThat(slack.resolvePerson("<@W123ABC>")).hasValue(new Person("W123ABC", "W123ABC"));
        assertThat(slack.resolvePerson("@alice")).isEmpty();
        assertThat(slack.resolvePerson("<#C123|general>")).isEmpty();
        assertThat(fake.calls()).hasSize(before);
    }

    private JsonNode blocksOf(ConversationRef channel, MessageRef ref) {
        return fake.messages(channel.id()).stream().filter(m -> m.ts().equals(ref.id())).findFirst().orElseThrow()
                .blocks();
    }
}
