package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import org.junit.jupiter.api.Test;

/**
 * Slack's inbound text formats, as docs.slack.dev/messaging/formatting-message-text documents them ("Escaping text":
 * only &amp; &lt; &gt;; "Linking to URLs": {@code <url|label>}; "Mentioning users": {@code <@U…>}, with
 * {@code should_escape} a slash command also gets {@code <@U…|name>}; "Special mentions": {@code <!here>},
 * {@code <!channel>}, {@code <!everyone>}, {@code <!subteam^ID>}; "Date formatting": {@code <!date^…|fallback>}).
 */
class SlackMarkupTest {

    @Test
    void entitiesAreDecodedOnce() {
        assertThat(SlackMarkup.decode("R&amp;D database &lt;primary&gt; down"))
                .isEqualTo(Text.plain("R&D database <primary> down"));
        // A person who typed "&amp;" literally is sent "&amp;amp;" and reads "&amp;" back, not "&".
        assertThat(SlackMarkup.decode("a &amp;amp; b &amp;lt;")).isEqualTo(Text.plain("a &amp; b &lt;"));
    }

    @Test
    void linksAndUserMentionsBecomeSpans() {
        assertThat(SlackMarkup.decode("rolled back, see <https://grafana.example/d/abc?a=1&amp;b=2|grafana &amp; co> cc <@U0BOB001|bob>"))
                .isEqualTo(Text.of(new Span.Plain("rolled back, see "),
                        new Span.Link("https://grafana.example/d/abc?a=1&b=2", "grafana & co"), new Span.Plain(" cc "),
                        new Span.Mention("U0BOB001", "bob")));
        assertThat(SlackMarkup.decode("<https://status.example/> <@W012A3CDE> <mailto:oncall@example.com|oncall>"))
                .isEqualTo(Text.of(new Span.Link("https://status.example/", "https://status.example/"),
                        new Span.Plain(" "), new Span.Mention("W012A3CDE", "W012A3CDE"), new Span.Plain(" "),
                        new Span.Link("mailto:oncall@example.com", "oncall")));
        assertThat(SlackMarkup.decode("in <#C0INC0001|inc-1-db>")).isEqualTo(Text.of(new Span.Plain("in "),
                new Span.ConversationLink(new ConversationRef("C0INC0001", "inc-1-db"))));
    }

    @Test
    void broadcastsAndGroupsTypedByAPersonStayText() {
        Text text = SlackMarkup.decode("<!channel> <!here> <!everyone> <!subteam^S0DBTEAM|@db-team> <!subteam^S0X> "
                + "<!here|here> <!date^1392734382^{date_short}|Feb 18, 2014>");
        assertThat(text).isEqualTo(Text.plain("@channel @here @everyone @db-team @group here Feb 18, 2014"));
        assertThat(text.mentions()).isEmpty();
    }

    @Test
    void unsafeOrBrokenMarkupIsText() {
        assertThat(SlackMarkup.decode("<javascript:alert(1)|click>")).isEqualTo(Text.plain("click (javascript:alert(1))"));
        assertThat(SlackMarkup.decode("a < b <@U0BOB001|bob>")).isEqualTo(Text.of(new Span.Plain("a < b "),
                new Span.Mention("U0BOB001", "bob")));
        assertThat(SlackMarkup.decode("x <unclosed")).isEqualTo(Text.plain("x <unclosed"));
        assertThat(SlackMarkup.decode("<@not-a-user|eve>")).isEqualTo(Text.plain("eve"));
    }

    @Test
    void messageTextForQuotingReadsAsPeopleSeeIt() {
        assertThat(SlackMarkup.decodeToPlain("error rate &lt; 1% since <https://grafana.example/d/abc|the rollback>, thanks <@U0BOB001|bob>"))
                .isEqualTo("error rate < 1% since the rollback (https://grafana.example/d/abc), thanks @bob");
    }
}
