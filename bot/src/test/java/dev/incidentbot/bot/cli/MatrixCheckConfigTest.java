package dev.incidentbot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.commandLine().execute("check-config", "--config", config.toString())).isZero();
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        } finally {
            System.setOut(stdout);
        }
    }

    private Path config(String matrix) throws Exception {
        return Files.writeString(dir.resolve("bot.yaml"), """
                severities:
                  sev1:
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
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("check-config", "--config",
                    config("matrix:\n  leave_resolved_after: soon\n").toString());
        } finally {
            System.setErr(stderr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("matrix.leave_resolved_after: \"soon\" is not a duration; write e.g. 30d (the default) or 12h");
    }
}
