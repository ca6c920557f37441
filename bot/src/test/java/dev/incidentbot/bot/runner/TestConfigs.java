package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads test configurations the way the config loader hands them over: the two sections as YAML trees. */
final class TestConfigs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TestConfigs() {
    }

    static ParsedDiagnostics parse(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return DiagnosticsConfigParser.parse(root.path("diagnostics"), root.path("runner"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedDiagnostics.Valid valid(String yaml) {
        ParsedDiagnostics parsed = parse(yaml);
        assertThat(parsed).as("problems: %s", parsed instanceof ParsedDiagnostics.Invalid i ? i.problems() : "")
                .isInstanceOf(ParsedDiagnostics.Valid.class);
        return (ParsedDiagnostics.Valid) parsed;
    }

    static List<String> problems(String yaml) {
        ParsedDiagnostics parsed = parse(yaml);
        assertThat(parsed).isInstanceOf(ParsedDiagnostics.Invalid.class);
        return ((ParsedDiagnostics.Invalid) parsed).problems();
    }

    static String resource(String name) {
        try (InputStream in = TestConfigs.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PreparedCommand ready(DiagnosticCatalog catalog, String name, String... args) {
        Preparation p = catalog.prepare(name, List.of(args));
        assertThat(p).as("%s", p).isInstanceOf(Preparation.Ready.class);
        return ((Preparation.Ready) p).command();
    }

    static String refusal(DiagnosticCatalog catalog, String name, String... args) {
        Preparation p = catalog.prepare(name, List.of(args));
        assertThat(p).as("%s", p).isInstanceOf(Preparation.Refused.class);
        return ((Preparation.Refused) p).reason();
    }
}
