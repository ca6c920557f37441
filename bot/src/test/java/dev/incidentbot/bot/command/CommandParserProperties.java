package dev.incidentbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.config.SeverityLevel;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser over generated hostile input: it never throws, and every answer has the shape users rely on. */
class CommandParserProperties {
    private static final dev.incidentbot.bot.config.BotConfig CONFIG = ConfigLoader.load(Optional.empty());
    private final CommandParser parser = new CommandParser(word -> CONFIG.severity(word).isPresent(),
            CONFIG.severities().stream().map(SeverityLevel::typedAs).toList());

    @Provide
    Arbitrary<String> commands() {
        return HostileText.any();
    }

    @Property(tries = 10_000)
    void neverThrowsAndAnErrorIsOneLinePlusTheUsageLine(@ForAll("commands") String text) {
        ParseResult result = parser.parse(text);

        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.message().split("\n", -1)).hasSize(2);
            assertThat(invalid.message().split("\n")[1]).startsWith("Usage: /incident");
        } else {
            assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        }
    }

    @Property(tries = 10_000)
    void aDeclaredTitleIsOneVisibleCleanLine(@ForAll("commands") String title) {
        ParseResult result = parser.parse("sev1 " + title);

        if (result instanceof ParseResult.Parsed parsed && parsed.command() instanceof Command.Declare d) {
            assertThat(d.title()).isNotBlank().doesNotContain("\n", "\r", "\u2028", "\u202e", "\u200b", "\u0001");
            assertThat(UserText.title(d.title())).isEqualTo(d.title());
        } else {
            assertThat(UserText.title(title)).as("refused only when nothing visible is left").isEmpty();
        }
    }
}
