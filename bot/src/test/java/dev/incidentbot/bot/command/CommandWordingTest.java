package dev.incidentbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.incident.CommandWording;
import dev.incidentbot.bot.incident.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandWordingTest {
    @Test
    void theBotsOwnCommandWordingBecomesThePlatformsPrefix() {
        assertThat(CommandWording.rewrite("Take it with /incident ack or /incident commander", "!incident"))
                .isEqualTo("Take it with !incident ack or !incident commander");
        assertThat(CommandWording.rewrite("(last 30 events; /incident export has all):", "!ops"))
                .isEqualTo("(last 30 events; !ops export has all):");
    }

    @Test
    void quotedUserTextLinksAndLongerWordsStayAsTheyAre() {
        assertThat(CommandWording.rewrite("unknown diagnostic \"/incident x\"; try /incident diagnostics", "!incident"))
                .isEqualTo("unknown diagnostic \"/incident x\"; try !incident diagnostics");
        assertThat(CommandWording.rewrite("see https://wiki/incident and /incidents or /incident-bot", "!incident"))
                .isEqualTo("see https://wiki/incident and /incidents or /incident-bot");
    }

    @Test
    void eachPlatformGetsItsOwnPrefixAndUnknownOnesTheCanonicalOne() {
        CommandWording wording = new CommandWording(Map.of("matrix", "!incident", "slack", "/incident"));
        assertThat(wording.on("matrix", "type /incident help")).isEqualTo("type !incident help");
        assertThat(wording.on("slack", "type /incident help")).isEqualTo("type /incident help");
        assertThat(wording.prefix("console")).isEqualTo("/incident");
        assertThat(Usage.help("!incident")).contains("!incident sev1 checkout API returns 500s").doesNotContain("/incident");
    }
}
