package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.incidentbot.chat.Person;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Short handles against a cached users.list: asked again on a miss, but not more than Slack's rate limit allows. */
class SlackDirectoryTest {
    private FakeSlackWebApi fake;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private SlackDirectory directory;

    @BeforeEach
    void start() {
        fake = FakeSlackWebApi.start();
        fake.addUser("U0BOB001", "bob", "bob@example.com");
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl().toString());
        config.setStatsEnabled(false);
        directory = new SlackDirectory(new WebApi(Slack.getInstance(config), FakeSlackWebApi.TOKEN,
                Duration.ofSeconds(10)), now::get);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
    }

    @Test
    void aMissAsksUsersListAgainOnlyOnceTheListIsHalfAMinuteOld() {
        assertThat(directory.findPeople("@bob")).containsExactly(new Person("U0BOB001", "bob"));
        // Two people whose display name is "sam" join: both are answered, so the engine can ask which one.
        fake.addUser("U0SAM001", "sam.one", "s1@example.com", "sam", "Sam One");
        fake.addUser("U0SAM002", "sam.two", "s2@example.com", "sam", "Sam Two");

        // A flood of unknown handles right after a listing asks Slack nothing more.
        for (int i = 0; i < 20; i++) {
            assertThat(directory.findPeople("@sam")).isEmpty();
        }
        assertThat(fake.calls("users.list")).hasSize(1);

        now.addAndGet(SlackDirectory.REFRESH_AFTER.toNanos());
        assertThat(directory.findPeople("@sam")).extracting(Person::id)
                .containsExactlyInAnyOrder("U0SAM001", "U0SAM002");
        assertThat(directory.findPeople("@nobody")).isEmpty();
        assertThat(fake.calls("users.list")).hasSize(2);
    }

    @Test
    void severalMatchesArePreferredByMembershipOfTheChannelWhereTheHandleWasTyped() {
        fake.addUser("U0SAM001", "sam.one", "s1@example.com", "sam", "Sam One");
        fake.addUser("U0SAM002", "sam.two", "s2@example.com", "sam", "Sam Two");
        String withOne = fake.addChannel("inc-7-db", "U0SAM001");
        String withBoth = fake.addChannel("inc-8-api", "U0SAM001", "U0SAM002");
        String withNeither = fake.addChannel("random");

        assertThat(directory.findPeople("@sam", withOne)).extracting(Person::id).containsExactly("U0SAM001");
        assertThat(directory.findPeople("@sam", withBoth)).extracting(Person::id)
                .containsExactlyInAnyOrder("U0SAM001", "U0SAM002");
        assertThat(directory.findPeople("@sam", withNeither)).extracting(Person::id)
                .containsExactlyInAnyOrder("U0SAM001", "U0SAM002");
        // A channel Slack will not list for the bot: ask which one, as without the preference.
        assertThat(directory.findPeople("@sam", "C0UNKNOWN")).hasSize(2);
        // One match needs no membership look-up.
        int before = fake.calls("conversations.members").size();
        assertThat(directory.findPeople("@bob", withOne)).extracting(Person::id).containsExactly("U0BOB001");
        assertThat(fake.calls("conversations.members")).hasSize(before);
    }
}
