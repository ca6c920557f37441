package dev.incidentbot.bot.cli;

import static dev.incidentbot.bot.testing.InProcessCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.InProcessCommandLine.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 5: check-config warns about escalation targets the Matrix allow-list leaves out. */
class MatrixCheckConfigTest {
    @TempDir
    Path dir;

    private static List<String> checkConfig(Path config) {
        Result check = run("check-config", "--config", config.toString());
        assertThat(check.exit()).isZero();
        return check.out();
    }

    private Path config(String matrix) throws Exception {
        return Files.writeString(dir.resolve("bot.yaml"), """
                severities:
                  sev1:
                    name: Critical
                    acknowledge_within: 5m
                    update_every: 15m
                    escalation:
                      - after: 0m
                        notify: ["@carol:example.org", "@alice:example.org"]
                      - after: 15m
                        notify: ["@oncall-primary", "@dave:other.org"]
                """ + matrix);
    }

    @Test
    void anEscalationTargetOutsideAllowedUsersIsWarnedAboutAndTheConfigStaysValid() throws Exception {
        List<String> out = checkConfig(config("matrix:\n  allowed_users: [\"@alice:example.org\"]\n"));

        assertThat(out.get(0)).startsWith("Configuration OK");
        assertThat(out.subList(1, out.size())).containsExactly(
                "Warning: matrix.allowed_users: escalation target @carol:example.org (sev1 step 1) is not allowed; they "
                        + "can act only in incidents the bot invites them to. Add them to matrix.allowed_users to let "
                        + "them declare and run commands anywhere.",
                "Warning: matrix.allowed_users: escalation target @dave:other.org (sev1 step 2) is not allowed; they "
                        + "can act only in incidents the bot invites them to. Add them to matrix.allowed_users to let "
                        + "them declare and run commands anywhere.");
    }

    @Test
    void targetsOnAnAllowedServerOrWithoutAnAllowListAreFine() throws Exception {
        assertThat(checkConfig(config("matrix:\n  allowed_users: [\"@dave:other.org\"]\n  allowed_servers: [example.org]\n")))
                .singleElement().asString().startsWith("Configuration OK");
        assertThat(checkConfig(config(""))).singleElement().asString().startsWith("Configuration OK");
    }

    @Test
    void leaveResolvedAfterMustBeADuration() throws Exception {
        Result check = run("check-config", "--config", config("matrix:\n  leave_resolved_after: soon\n").toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.errText())
                .contains("matrix.leave_resolved_after: \"soon\" is not a duration; write e.g. 30d (the default) or 12h");
    }
}
