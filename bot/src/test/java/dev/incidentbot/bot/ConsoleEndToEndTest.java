package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.cli.Main;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console platform and the command line as a user meets them: {@code dev.incidentbot.bot.cli.Main} in a child JVM
 * (on this test's classpath, since surefire runs before the jar is packaged), in a scratch working directory, with a
 * scripted stdin and a locale that is not UTF-8, as in a bare container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("processes")
class ConsoleEndToEndTest {
    private static final String TITLE = "checkout API returns 500s — café 🔥";

    Path work;
    String conv;
    Run session;

    record Run(int exit, List<String> out, List<String> err) {
        String stdout() {
            return String.join("\n", out);
        }

        List<String> errLines() {
            return err.stream().filter(l -> !l.isBlank()).toList();
        }
    }

    private Run run(String stdin, String... args) throws IOException, InterruptedException {
        Path in = Files.writeString(Files.createTempFile(work, "stdin", ".txt"), stdin, StandardCharsets.UTF_8);
        Path out = Files.createTempFile(work, "stdout", ".txt");
        Path err = Files.createTempFile(work, "stderr", ".txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MATRIX_") || k.startsWith("LC_"));
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("incident-bot %s did not finish; stderr:%n%s", String.join(" ", args), Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    @BeforeAll
    void aScriptedSession(@TempDir Path dir) throws Exception {
        work = dir;
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        conv = "#inc-" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-1-checkout-api-returns-500s-cafe";
        String script = String.join("\n",
                "/incident sev1 " + TITLE,
                "this line is chatter, not a command",
                ":in " + conv,
                ":as bob",
                "/incident commander",
                "/incident update Found the bad deploy status: identified next: roll back eta: 10 minutes",
                "/incident resolve Rolled back release 2026.11.3 root cause: bad config follow-up: add validation",
                "/incident export",
                ":in #general",
                ":as carol",
                "/incident update INC-1 too late",
                "/incident frobnicate",
                "");
        session = run(script, "--data-dir", "data", "--http-port", "0");
        assumeTrue(day.equals(LocalDate.now(ZoneOffset.UTC)), "the UTC date changed during the run");
    }

    private int indexOf(String line) {
        int i = session.out().indexOf(line);
        assertThat(i).as("stdout line %s in%n%s", line, session.stdout()).isNotNegative();
        return i;
    }

    @Test
    @Order(1)
    void theSessionPrintsWhatTheBotDidAndExitsZero() {
        assertThat(session.exit()).as("exit code; stderr:%n%s", String.join("\n", session.err())).isZero();
        assertThat(session.out()).isNotEmpty().allSatisfy(l -> assertThat(l).matches("\\[#[^\\]]+\\] .*"));
        int declared = indexOf("[#general] (to you) Declaring INC-1 (SEV1 Critical): " + TITLE + ". Opening " + conv
                + " and inviting the on-call.");
        int created = indexOf("[" + conv + "] * conversation created");
        int declaredTopic = indexOf("[" + conv + "] * topic: SEV1 · declared · no IC yet · " + TITLE);
        indexOf("[" + conv + "] * invited: you");
        int invited = indexOf("[" + conv + "] * invited: @oncall-primary");
        int initial = indexOf("[" + conv + "] 🚨 INCIDENT - SEV1 - " + TITLE);
        // Message ids count across conversations, and the announcement may go out first.
        int pinned = session.out().stream().filter(l -> l.matches(java.util.regex.Pattern.quote("[" + conv + "] * pinned message m") + "[12]"))
                .findFirst().map(session.out()::indexOf).orElse(-1);
        assertThat(pinned).as("pinned line in%n%s", session.stdout()).isNotNegative();
        int announced = indexOf("[#general] 🚨 INC-1 SEV1 declared: " + TITLE + " · @you · join " + conv);
        int took = indexOf("[" + conv + "] (to bob) bob is now commander of INC-1.");
        int topic = indexOf("[" + conv + "] * topic: SEV1 · acknowledged · IC @bob · " + TITLE);
        int progress = indexOf("[" + conv + "] PROGRESS: Found the bad deploy");
        int resolved = indexOf("[" + conv + "] (to bob) INC-1 is resolved. /incident export drafts the post-mortem.");
        int uploaded = session.out().stream().filter(l -> l.startsWith("[" + conv + "] * uploaded inc-1-postmortem.md ("))
                .findFirst().map(session.out()::indexOf).orElse(-1);
        int refused = indexOf("[#general] (to carol) INC-1 is resolved. Notes, action items, the timeline and export still "
                + "work; declare a new incident if it is back.");
        int unknown = indexOf("[#general] (to carol) Unknown command \"frobnicate\"; /incident help lists the commands.");
        // Each command's deliveries are printed before the next line is read; within one command the answer to the
        // sender and the deliveries may interleave.
        assertThat(created).isLessThan(Math.min(Math.min(declaredTopic, invited), Math.min(initial, announced)));
        assertThat(pinned).isGreaterThan(initial);
        List<List<Integer>> commands = List.of(List.of(declared, created, declaredTopic, invited, initial, pinned, announced),
                List.of(took, topic),
                List.of(progress), List.of(resolved), List.of(uploaded), List.of(refused), List.of(unknown));
        for (int i = 1; i < commands.size(); i++) {
            assertThat(java.util.Collections.max(commands.get(i - 1))).as("command %s before command %s", i, i + 1)
                    .isLessThan(java.util.Collections.min(commands.get(i)));
        }
        assertThat(session.out()).contains("[" + conv + "] STATUS: Declared", "[" + conv + "] CURRENT STATUS: Identified",
                "[" + conv + "] SOLUTION: Rolled back release 2026.11.3", "[" + conv + "] ## Root Cause",
                "[" + conv + "] ## Action Items");
        // no command is close to "frobnicate", so none is suggested
        assertThat(session.out().get(unknown + 1)).isEqualTo("[#general] Usage: " + dev.incidentbot.bot.incident.Usage.of("declare"));
        assertThat(session.stdout()).doesNotContain("chatter");
    }

    @Test
    @Order(2)
    void aSecondProcessListsTheIncidentAsResolved() throws Exception {
        Run list = run("", "list", "--data-dir", "data");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).singleElement().asString()
                .startsWith("INC-1\tSEV1\tresolved\t").endsWith("\tIC bob\t" + TITLE);
    }

    @Test
    @Order(3)
    void exportAndVerifyWorkAgainstTheDataDirectory() throws Exception {
        Run export = run("", "export", "INC-1", "--format", "json", "--data-dir", "data");
        assertThat(export.exit()).as("stderr: %s", export.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(export.stdout());
        assertThat(doc.path("schema_version").asInt()).isEqualTo(1);
        assertThat(doc.path("incident").path("title").asText()).isEqualTo(TITLE);
        assertThat(doc.path("incident").path("status").asText()).isEqualTo("resolved");
        List<String> types = new ArrayList<>();
        doc.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsExactly("declared", "acknowledged", "commander_assigned", "status_changed",
                "update_posted", "resolved", "export_requested");
        String head = doc.path("chain").path("head").asText();

        Path md = work.resolve("pm.md");
        Run toFile = run("", "export", "INC-1", "--data-dir", "data", "--out", md.toString());
        assertThat(toFile.exit()).isZero();
        assertThat(Files.readString(md, StandardCharsets.UTF_8)).startsWith("# Post-Mortem: " + TITLE)
                .contains("## Lessons Learned", head);

        Run verify = run("", "verify", "INC-1", "--data-dir", "data");
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).containsExactly("INC-1: timeline intact (7 events, head " + head + ")");
    }

    @Test
    @Order(4)
    void aMissingIncidentIsOneClearLine() throws Exception {
        Run missing = run("", "export", "INC-99", "--data-dir", "data");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.out()).isEmpty();
        assertThat(missing.errLines()).singleElement().asString().contains("INC-99").contains("does not exist");
    }

    @Test
    @Order(5)
    void anUnknownOptionIsOneClearLine() throws Exception {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"list", "--data-dir", "data", "--bogus"})) {
            Run bad = run("", args);
            assertThat(bad.exit()).as(String.join(" ", args)).isNotZero();
            assertThat(bad.out()).isEmpty();
            assertThat(bad.errLines()).as(String.join(" ", args)).singleElement().asString().contains("--bogus");
        }
    }

    @Test
    @Order(6)
    void anInvalidConfigurationExitsTwoAndWritesNoDatabase() throws Exception {
        Path bad = Files.writeString(work.resolve("bad.yaml"), String.join("\n",
                "severities:",
                "  sev1:",
                "    acknowledge_within: 15x",
                "    update_every: 15m",
                "    escalation:",
                "      - after: 0m",
                "severity_aliases:",
                "  p0: sev9",
                ""), StandardCharsets.UTF_8);
        Run serve = run("/incident sev1 never declared\n", "--config", bad.toString(), "--data-dir", "fresh");
        assertThat(serve.exit()).isEqualTo(2);
        assertThat(serve.out()).isEmpty();
        assertThat(serve.errLines()).anySatisfy(l -> assertThat(l).contains("severities.sev1.acknowledge_within"))
                .anySatisfy(l -> assertThat(l).contains("severities.sev1.escalation[0].notify"))
                .anySatisfy(l -> assertThat(l).contains("severity_aliases.p0"));
        assertThat(Files.exists(work.resolve("fresh"))).as("no data directory, no database").isFalse();
        try (Stream<Path> files = Files.walk(work)) {
            assertThat(files.map(Path::toString).filter(f -> f.contains("fresh")).collect(Collectors.toList())).isEmpty();
        }
    }
}
