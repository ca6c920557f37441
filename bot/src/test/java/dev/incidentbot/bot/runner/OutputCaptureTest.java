package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {
    private static final Redactor NONE = Redactor.withExtra(java.util.List.of());

    private static CapturedOutput capture(long cap, byte[] data, int chunk) {
        OutputCapture c = new OutputCapture(cap);
        for (int i = 0; i < data.length; i += chunk) {
            c.append(data, i, Math.min(chunk, data.length - i));
        }
        assertThat(c.capacity()).isEqualTo((int) cap);
        return c.finish(NONE);
    }

    @Test
    void outputWithinTheCapIsKeptExactlyWhateverTheChunking() {
        byte[] data = "line one\nline two\nünïcödé\n".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 3, 7, 1000}) {
            CapturedOutput out = capture(1024, data, chunk);
            assertThat(out.text()).isEqualTo("line one\nline two\nünïcödé\n");
            assertThat(out.truncated()).isFalse();
            assertThat(out.totalBytes()).isEqualTo(data.length);
        }
        // with a cap of 8 the head holds 4 bytes: "ü" straddles head and tail and must survive
        assertThat(capture(8, "aaaüb".getBytes(StandardCharsets.UTF_8), 1).text()).isEqualTo("aaaüb");
        byte[] exactly = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
        assertThat(capture(1024, exactly, 100).truncated()).isFalse();
        assertThat(capture(1024, exactly, 100).text()).hasSize(1024);
    }

    @Test
    void beyondTheCapHeadAndTailSurviveAroundAnExactMarker() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 13, 8192, data.length}) {
            CapturedOutput out = capture(1024, data, chunk);
            assertThat(out.truncated()).isTrue();
            assertThat(out.totalBytes()).isEqualTo(data.length);
            assertThat(out.keptBytes()).isLessThanOrEqualTo(1024).isGreaterThan(700);
            assertThat(out.text()).startsWith("line 0\nline 1\n").endsWith("line 9999\n")
                    .contains(String.format("\n… %,d bytes truncated …\n", out.truncatedBytes()));
            // cut at line ends: every line around the marker is whole
            String[] parts = out.text().split("\n… [0-9,]+ bytes truncated …\n");
            assertThat(parts).hasSize(2);
            assertThat(parts[0].lines()).allMatch(l -> l.matches("line [0-9]+"));
            assertThat(parts[1].lines()).allMatch(l -> l.matches("line [0-9]+"));
            assertThat(out.text().getBytes(StandardCharsets.UTF_8).length)
                    .isEqualTo(out.keptBytes() + CapturedOutput.marker(out.truncatedBytes()).getBytes(
                            StandardCharsets.UTF_8).length - 1);
        }
    }

    @Test
    void memoryIsBoundedByTheCapWhateverIsWritten() {
        OutputCapture c = new OutputCapture(4096);
        byte[] chunk = new byte[65536];
        new Random(1).nextBytes(chunk);
        for (int i = 0; i < 200; i++) {
            c.append(chunk, 0, chunk.length);
        }
        assertThat(c.capacity()).isEqualTo(4096);
        CapturedOutput out = c.finish(NONE);
        assertThat(out.totalBytes()).isEqualTo(200L * 65536);
        assertThat(out.keptBytes()).isLessThanOrEqualTo(4096);
    }

    @Test
    void redactionAppliesToHeadAndTail() {
        String text = "password=first\n" + "filler\n".repeat(1000) + "token=last\n";
        CapturedOutput out = capture(1024, text.getBytes(StandardCharsets.UTF_8), 512);
        assertThat(out.text()).startsWith("password=[REDACTED]\n").endsWith("token=[REDACTED]\n")
                .doesNotContain("first", "last");
    }
}
