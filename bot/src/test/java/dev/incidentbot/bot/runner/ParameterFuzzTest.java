package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random diagnostics, random requests, many iterations, one seed: the catalog agrees with an independent oracle on
 * what to accept, and whatever it accepts full-matches its rule and lands in the one argv element that names it.
 */
class ParameterFuzzTest {
    private static final long SEED = 20240404L;
    private static final int ITERATIONS = 3000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Patterns people write, each with values that match it (some deliberately hostile, which the pattern allows). */
    private static final Map<String, List<String>> PATTERNS = Map.of(
            "^[0-9]{2,5}$", List.of("80", "8080", "65535"),
            "^[a-z][a-z0-9-]{0,20}$", List.of("api", "a-1", "worker-2"),
            "[A-Za-z0-9._-]+", List.of("-rf", "..", "a.b", "--output"),
            "^(api|worker)$", List.of("api", "worker"),
            ".*", List.of("", "; rm -rf /", "-x", "$(id)", "{port}"),
            "\\p{L}+", List.of("\u0430pi", "é", "ＡＢ"),
            "[^/]*", List.of("$(id)", "", "`id`"),
            "^-?[0-9]+$", List.of("-5", "42"),
            "[ -~]*", List.of("`id`", " ", "a=b"));
    private static final List<String> PATTERN_KEYS = new ArrayList<>(PATTERNS.keySet());
    private static final String[] ALPHABETS = {"0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCXYZ",
            ";|&$()`'\"<>*?!{}[]~#\\ ", "/.-_=:,", "８０\u0430\u043e\u0435\u0456😀é\u0301",
            "\n\r\t\u0000\u200B\u202E\u2028\u007F"};
    private static final Set<Integer> INVISIBLE = Set.of((int) Character.CONTROL, (int) Character.FORMAT,
            (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR, (int) Character.SURROGATE,
            (int) Character.UNASSIGNED, (int) Character.PRIVATE_USE);

    /** A parameter as the generator made it, with its rule re-stated for the oracle. */
    private record Param(String name, Pattern pattern, List<String> values, List<String> samples) {
        boolean admits(String v) {
            return pattern != null ? pattern.matcher(v).matches() : values.contains(v);
        }
    }

    /** One argv element: a literal prefix, optionally a parameter, and a literal suffix, or two parameters. */
    private record Element(String prefix, List<String> params, String separator, String suffix) {
        String source() {
            if (params.isEmpty()) {
                return prefix + suffix;
            }
            return prefix + "{" + String.join("}" + separator + "{", params) + "}" + suffix;
        }

        String render(Map<String, String> values) {
            List<String> parts = new ArrayList<>();
            params.forEach(p -> parts.add(values.get(p)));
            return params.isEmpty() ? prefix + suffix : prefix + String.join(separator, parts) + suffix;
        }
    }

    @Test
    void acceptedValuesMatchTheirRuleAndLandInExactlyOneElement() {
        Random random = new Random(SEED);
        int accepted = 0;
        int refused = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            List<Param> params = params(random);
            List<Element> elements = elements(random, params);
            DiagnosticCatalog catalog = catalog(params, elements, iteration);
            Map<String, Param> byName = new LinkedHashMap<>();
            params.forEach(p -> byName.put(p.name(), p));
            List<String> tokens = tokens(random, params);

            Preparation got = catalog.prepare("fuzz", tokens);
            Optional<Map<String, String>> oracle = oracle(tokens, byName, elements);
            String context = "seed " + SEED + " iteration " + iteration + " argv " + elements.stream()
                    .map(Element::source).toList() + " tokens " + tokens;
            if (oracle.isPresent()) {
                Map<String, String> expected = oracle.get();
                assertThat(got).as(context).isInstanceOf(Preparation.Ready.class);
                PreparedCommand cmd = ((Preparation.Ready) got).command();
                assertThat(cmd.argv()).as(context).hasSize(elements.size() + 1);
                assertThat(cmd.argv().get(0)).as(context).isEqualTo("echo");
                for (int i = 0; i < elements.size(); i++) {
                    assertThat(cmd.argv().get(i + 1)).as(context).isEqualTo(elements.get(i).render(expected));
                }
                for (Map.Entry<String, String> e : cmd.arguments().entrySet()) {
                    Param p = byName.get(e.getKey());
                    assertThat(p.admits(e.getValue())).as(context).isTrue();
                    assertThat(e.getValue().length()).as(context).isLessThanOrEqualTo(DiagnosticCatalog.MAX_VALUE_LENGTH);
                    long holders = elements.stream().filter(el -> el.params().contains(e.getKey())).count();
                    assertThat(holders).as(context).isEqualTo(1);
                }
                accepted++;
            } else {
                assertThat(got).as(context).isInstanceOf(Preparation.Refused.class);
                String reason = ((Preparation.Refused) got).reason();
                assertThat(reason).as(context).doesNotContain("\n", "\r", "\u0000", "\u2028").hasSizeLessThan(300);
                assertThat(reason.startsWith("unknown parameter") || reason.startsWith("expected param=value")
                        || byName.keySet().stream().anyMatch(n -> reason.startsWith(n + ": "))).as(context).isTrue();
                refused++;
            }
        }
        // the generator must exercise both sides, or the properties above say little
        assertThat(accepted).isGreaterThan(ITERATIONS / 10);
        assertThat(refused).isGreaterThan(ITERATIONS / 10);
    }

    /** What should be accepted, stated independently of the catalog: the values to expect, or empty for refusal. */
    private static Optional<Map<String, String>> oracle(List<String> tokens, Map<String, Param> params, List<Element> elements) {
        Map<String, String> given = new HashMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            String name;
            String value;
            if (eq < 0) {
                if (params.size() != 1) {
                    return Optional.empty();
                }
                name = params.keySet().iterator().next();
                value = token;
            } else {
                name = token.substring(0, eq);
                value = token.substring(eq + 1);
            }
            if (!params.containsKey(name) || given.containsKey(name)) {
                return Optional.empty();
            }
            given.put(name, value);
        }
        Map<String, String> values = new HashMap<>();
        for (Param p : params.values()) {
            Optional<String> givenValue = Optional.ofNullable(given.get(p.name()));
            String v = givenValue.or(() -> p.samples().stream().findFirst()).orElse("");
            boolean present = givenValue.isPresent() || !p.samples().isEmpty();
            if (!present || v.length() > 256 || v.codePoints().anyMatch(c -> INVISIBLE.contains(Character.getType(c)))
                    || !p.admits(v)) {
                return Optional.empty();
            }
            boolean atStart = elements.stream().anyMatch(e -> e.prefix().isEmpty() && !e.params().isEmpty()
                    && e.params().get(0).equals(p.name()));
            if (atStart && v.startsWith("-")) {
                return Optional.empty();
            }
            values.put(p.name(), v);
        }
        return Optional.of(values);
    }

    private static List<Param> params(Random random) {
        int count = random.nextInt(4);
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "p" + i + (char) ('a' + random.nextInt(26));
            if (random.nextBoolean()) {
                String regex = PATTERN_KEYS.get(random.nextInt(PATTERN_KEYS.size()));
                out.add(new Param(name, Pattern.compile(regex), List.of(), PATTERNS.get(regex)));
            } else {
                List<String> values = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int j = 0; j < n; j++) {
                    values.add(randomString(random, "abcz09./ :", 1 + random.nextInt(6)).strip() + "v" + j);
                }
                out.add(new Param(name, null, values, values));
            }
        }
        return out;
    }

    private static List<Element> elements(Random random, List<Param> params) {
        List<Element> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        params.forEach(p -> names.add(p.name()));
        String[] prefixes = {"", "", "--x=", "http://h:", "a"};
        String[] suffixes = {"", "", "/path", ".log"};
        for (int i = 0; i < names.size(); i++) {
            if (i + 1 < names.size() && random.nextInt(4) == 0) {
                out.add(new Element(prefixes[random.nextInt(prefixes.length)], List.of(names.get(i), names.get(i + 1)),
                        ":", suffixes[random.nextInt(suffixes.length)]));
                i++;
            } else {
                out.add(new Element(prefixes[random.nextInt(prefixes.length)], List.of(names.get(i)), "",
                        suffixes[random.nextInt(suffixes.length)]));
            }
        }
        int literals = random.nextInt(3);
        for (int i = 0; i < literals; i++) {
            out.add(new Element("-lit" + i, List.of(), "", ""));
        }
        Collections.shuffle(out, random);
        return out;
    }

    /** Builds the diagnostic through the real config parser; defaults are the first sample when the coin says so. */
    private static DiagnosticCatalog catalog(List<Param> params, List<Element> elements, int iteration) {
        ObjectNode d = JSON.objectNode();
        d.put("description", "fuzz " + iteration);
        ArrayNode argv = d.putArray("argv");
        argv.add("echo");
        elements.forEach(e -> argv.add(e.source()));
        d.put("timeout", "5s");
        ObjectNode ps = d.putObject("params");
        for (Param p : params) {
            ObjectNode spec = ps.putObject(p.name());
            if (p.pattern() != null) {
                spec.put("pattern", p.pattern().pattern());
            } else {
                ArrayNode values = spec.putArray("enum");
                p.values().forEach(values::add);
            }
        }
        // a default only where it is legal: accepted by its rule and not an option at the start of an element
        for (Param p : params) {
            String candidate = p.samples().get(0);
            boolean atStart = elements.stream().anyMatch(e -> e.prefix().isEmpty() && !e.params().isEmpty()
                    && e.params().get(0).equals(p.name()));
            if ((iteration + p.name().hashCode()) % 2 == 0 && !(atStart && candidate.startsWith("-"))) {
                ((ObjectNode) ps.get(p.name())).put("default", candidate);
            }
        }
        ObjectNode diagnostics = JSON.objectNode();
        diagnostics.set("fuzz", d);
        ParsedDiagnostics parsed = DiagnosticsConfigParser.parse(diagnostics, JSON.missingNode());
        if (parsed instanceof ParsedDiagnostics.Invalid invalid) {
            fail("generator made an invalid diagnostic: " + invalid.problems());
        }
        DiagnosticCatalog catalog = ((ParsedDiagnostics.Valid) parsed).catalog();
        // the oracle treats samples.get(0) as the default; drop it where the parser was given none
        for (Param p : params) {
            if (catalog.find("fuzz").orElseThrow().parameters().get(p.name()).defaultValue().isEmpty()) {
                List<String> withoutDefault = new ArrayList<>();
                params.set(params.indexOf(p), new Param(p.name(), p.pattern(), p.values(), withoutDefault));
            }
        }
        return catalog;
    }

    private static List<String> tokens(Random random, List<Param> params) {
        List<String> tokens = new ArrayList<>();
        for (Param p : params) {
            int roll = random.nextInt(10);
            if (roll < 3) {
                continue;
            }
            String value = roll < 6 && !p.values().isEmpty() ? p.values().get(random.nextInt(p.values().size()))
                    : roll < 6 ? PATTERNS.get(p.pattern().pattern()).get(random.nextInt(
                            PATTERNS.get(p.pattern().pattern()).size()))
                    : roll == 9 ? "7".repeat(250 + random.nextInt(20)) // around the length cap, else valid
                    : randomValue(random);
            tokens.add(params.size() == 1 && random.nextInt(5) == 0 && value.indexOf('=') < 0 ? value
                    : p.name() + "=" + value);
        }
        int extra = random.nextInt(20);
        if (extra == 0) {
            tokens.add("unknown=1");
        } else if (extra == 1 && !params.isEmpty()) {
            tokens.add(params.get(0).name() + "=again");
        } else if (extra == 2) {
            tokens.add("bare");
        }
        Collections.shuffle(tokens, random);
        return tokens;
    }

    private static String randomValue(Random random) {
        int length = random.nextInt(30) == 0 ? 257 + random.nextInt(150) : random.nextInt(14);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
            sb.append(randomString(random, alphabet, 1 + random.nextInt(4)));
        }
        return sb.toString();
    }

    private static String randomString(Random random, String alphabet, int length) {
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
