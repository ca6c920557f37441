package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultTest {
    private static RunResult result(String out, String err, Outcome outcome) {
        return new RunResult("metrics", List.of("curl", "-sS", "http://127.0.0.1:4242/metrics"), outcome,
                Instant.parse("2024-04-04T10:00:00Z"), Duration.ofMillis(120),
                new CapturedOutput(out, out.length(), out.length()), new CapturedOutput(err, err.length(), err.length()),
                0);
    }

    @Test
    void shortOutputIsShownWhole() {
        RunResult r = result("{\"status\":\"ok\"}\n", "", new Outcome.Exited(0));
        assertThat(r.chatSummary()).isEqualTo(
                "$ curl -sS http://127.0.0.1:4242/metrics\n{\"status\":\"ok\"}\n\n[exit 0 · 120 ms]");
        assertThat(result("", "", new Outcome.Exited(0)).chatSummary()).contains("(no output)");
    }

    @Test
    void longOutputIsBoundedAndKeepsHeadTailAndMarkers() {
        StringBuilder out = new StringBuilder("FIRST-LINE\n");
        for (int i = 0; i < 5000; i++) {
            out.append("metric_").append(i).append(" 1\n");
        }
        out.append("LAST-LINE\n");
        String err = "ERR-HEAD\n" + "warning\n".repeat(2000) + "ERR-TAIL\n";
        RunResult r = result(out.toString(), err, new Outcome.TimedOut(Duration.ofSeconds(10)));
        for (int limit : new int[] {3000, 1500, 600}) {
            String s = r.chatSummary(limit);
            assertThat(s.length()).as("limit %d", limit).isLessThanOrEqualTo(limit);
            assertThat(s).startsWith("$ curl -sS http://127.0.0.1:4242/metrics\nFIRST-LINE")
                    .contains("LAST-LINE", "--- stderr ---", "ERR-HEAD", "ERR-TAIL", "characters truncated")
                    .endsWith("[timed out after 10s, killed · 120 ms]");
        }
    }

    @Test
    void stderrOnlyAndTheStatusLineSayWhatHappened() {
        RunResult r = new RunResult("x", List.of("false"), new Outcome.Exited(1), Instant.EPOCH, Duration.ofSeconds(12),
                CapturedOutput.EMPTY, new CapturedOutput("boom\n… 10 bytes truncated …\n", 100, 90), 2);
        assertThat(r.chatSummary()).isEqualTo("$ false\n--- stderr ---\nboom\n… 10 bytes truncated …\n\n"
                + "[exit 1 · 12.0 s · output truncated (100 bytes written, 90 kept) · killed 2 leftover processes]");
        assertThat(r.exitCode()).hasValue(1);
        assertThat(r.truncated()).isTrue();
        assertThat(r.outputBytes()).isEqualTo(100);
    }

    @Test
    void aVeryLongCommandLineIsCut() {
        RunResult r = new RunResult("x", List.of("echo", "a".repeat(5000)), new Outcome.Exited(0), Instant.EPOCH,
                Duration.ZERO, CapturedOutput.EMPTY, CapturedOutput.EMPTY, 0);
        assertThat(r.chatSummary().length()).isLessThan(500);
        assertThat(r.chatSummary()).contains("characters truncated");
    }
}
