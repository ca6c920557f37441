package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** E-mail through the whole bot to a real SMTP server in this JVM (GreenMail), logging in as the bot. */
class EmailEndToEndTest {
    @RegisterExtension
    final IntegrationBots bots = new IntegrationBots();
    GreenMail smtp;
    IntegrationBot bot;

    @BeforeEach
    void smtp() {
        smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
        smtp.start();
        bots.closeAfter(smtp::stop);
        smtp.setUser("incident-bot@example.com", "incident-bot", "s3cret");
    }

    private String yaml(int port) {
        return IntegrationBots.severities("email:lead@example.com") + """
                smtp:
                  host: 127.0.0.1
                  port: %d
                  from: incident-bot@example.com
                  starttls: false
                  user: incident-bot
                stakeholders:
                  sev1: [cto@example.com, support@example.com]
                """.formatted(port);
    }

    /** Messages addressed to {@code address}; GreenMail stores one copy per recipient, so one per Message-ID. */
    private List<MimeMessage> to(String address) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).anyMatch(address::equals);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(m -> {
            try {
                return seen.add(m.getMessageID());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String part(MimeMessage m, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart p = alternative.getBodyPart(i);
            if (p.isMimeType(type)) {
                return (String) p.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void stakeholdersGetTheInitialUpdateAndResolutionAndEmailTargetsTheirStepAsTextAndHtml() throws Exception {
        bot = bots.start(yaml(smtp.getSmtp().getPort()), Map.of("SMTP_PASSWORD", "s3cret"));
        bot.command("dana", "sev1 checkout <b>API</b> returns 500s & more");
        bot.drain();

        assertThat(smtp.getReceivedMessages()).as("one copy per recipient: 2 stakeholders, 1 escalation target").hasSize(3);
        List<MimeMessage> cto = to("cto@example.com");
        assertThat(cto).hasSize(1);
        MimeMessage initial = cto.get(0);
        assertThat(initial.getSubject()).isEqualTo("[INC-1] SEV1 Critical: checkout <b>API</b> returns 500s & more (declared)");
        assertThat(initial.getFrom()[0].toString()).isEqualTo("incident-bot@example.com");
        assertThat(initial.getMessageID()).matches("<inc-1\\.[0-9a-f]{20}@incident-bot>");
        // The same message chat got: plain text as the console shows it, HTML with the user's text escaped.
        String chat = bot.chat.postsIn(bot.channel(1)).get(0);
        assertThat(part(initial, "text/plain").replace("\r\n", "\n").strip()).isEqualTo(chat.strip());
        String html = part(initial, "text/html");
        assertThat(html).contains("checkout &lt;b&gt;API&lt;/b&gt; returns 500s &amp; more").doesNotContain("<b>API</b>");
        assertThat(to("support@example.com")).hasSize(1);
        assertThat(to("lead@example.com")).extracting(MimeMessage::getSubject)
                .containsExactly("[INC-1] SEV1 Critical: checkout <b>API</b> returns 500s & more (escalation step 1)");

        bot.command("dana", bot.channel(1), "update rolled back the deploy, errors falling");
        bot.command("dana", bot.channel(1), "resolve rolled back the deploy");
        bot.drain();
        assertThat(to("cto@example.com")).extracting(MimeMessage::getSubject).containsExactly(
                "[INC-1] SEV1 Critical: checkout <b>API</b> returns 500s & more (declared)",
                "[INC-1] SEV1 Critical: checkout <b>API</b> returns 500s & more (update)",
                "[INC-1] SEV1 Critical: checkout <b>API</b> returns 500s & more (resolved)");
        assertThat(part(to("cto@example.com").get(1), "text/plain")).contains("rolled back the deploy, errors falling");
        assertThat(to("lead@example.com")).as("escalation targets are not stakeholders").hasSize(1);
        assertThat(bot.describedTimeline(1)).contains("E-mailed declared to cto@example.com, support@example.com",
                "E-mailed escalation step 1 to lead@example.com");
    }

    @Test
    void aSeverityWithoutStakeholdersMailsNobody() {
        bot = bots.start(yaml(smtp.getSmtp().getPort()), Map.of("SMTP_PASSWORD", "s3cret"));
        bot.command("dana", "sev3 search is slow");
        bot.drainAtThisMoment();
        bot.command("dana", bot.channel(1), "resolve reindexed");
        bot.drain();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aDrillMailsNobodyAndSaysWhatItWouldHaveSent() {
        bot = bots.start(yaml(smtp.getSmtp().getPort()), Map.of("SMTP_PASSWORD", "s3cret"));
        bot.command("dana", "drill sev1 practice: checkout down");
        bot.drain();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(bot.describedTimeline(1)).contains(
                "[DRILL] would have done: E-mailed declared to cto@example.com, support@example.com",
                "[DRILL] would have done: E-mailed escalation step 1 to lead@example.com");
    }

    @Test
    void anUnreachableServerKeepsTheMailQueuedAndChatFlowing() {
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        bot = bots.start(yaml(port), Map.of("SMTP_PASSWORD", "s3cret"));
        bot.command("dana", "sev1 checkout API returns 500s");
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.count(
                "SELECT COUNT(*) FROM outbox WHERE platform = 'integration:email' AND attempts > 0 AND delivered_at IS NULL") >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.chat.postsIn(bot.channel(1)).size() >= 1);
        assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE platform = 'integration:email' AND failed_at IS NOT NULL")).isZero();
    }

    @Test
    void withStarttlsRequiredAServerWithoutItGetsNothingInClearText() {
        bot = bots.start(yaml(smtp.getSmtp().getPort()).replace("starttls: false", "starttls: true"),
                Map.of("SMTP_PASSWORD", "s3cret"));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(bot.events(1, dev.incidentbot.bot.timeline.TimelineEvent.DeliveryFailed.class))
                .extracting(dev.incidentbot.bot.timeline.TimelineEvent::describe)
                .contains("Could not deliver E-mailed declared to cto@example.com, support@example.com: the SMTP server "
                        + "127.0.0.1:" + smtp.getSmtp().getPort() + " offers no STARTTLS and smtp.starttls is true; nothing was sent");
    }
}
