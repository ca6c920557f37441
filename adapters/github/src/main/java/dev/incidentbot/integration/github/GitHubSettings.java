package dev.incidentbot.integration.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code tickets: { github: { repo: owner/name, people: { alice: alice-gh } } }}, the token from
 * {@code GITHUB_TOKEN} and the base URL from {@code GITHUB_API_URL} (GitHub Enterprise, tests).
 * {@code people} maps an action item's owner as typed ({@code @alice}, without the @) to a GitHub login.
 */
public record GitHubSettings(String owner, String repo, URI apiBase, String token, Map<String, String> people) {
    public static final String SECTION = "tickets";
    public static final String TOKEN_VARIABLE = "GITHUB_TOKEN";
    public static final String API_URL_VARIABLE = "GITHUB_API_URL";
    public static final URI DEFAULT_API = URI.create("https://api.github.com");
    private static final Pattern REPO = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

    public GitHubSettings {
        people = Map.copyOf(people);
    }

    @Override
    public String toString() {
        return "GitHubSettings[" + owner + "/" + repo + " at " + apiBase + ", token ***]";
    }

    /** The GitHub login for an owner as typed in chat ({@code @alice} or {@code alice}), if the map knows it. */
    public Optional<String> loginOf(String owner) {
        String key = owner.startsWith("@") ? owner.substring(1) : owner;
        return Optional.ofNullable(people.get(key));
    }

    /** One line per problem in the {@code tickets:} section and the environment it needs. */
    public static List<String> validate(JsonNode section, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        if (section == null || section.isNull()) {
            return problems;
        }
        if (!section.isObject()) {
            problems.add("tickets: must be a map, e.g. { github: { repo: owner/name } }");
            return problems;
        }
        section.fieldNames().forEachRemaining(k -> {
            if (!k.equals("github")) {
                problems.add("tickets." + k + ": unknown issue tracker (supported: github)");
            }
        });
        JsonNode github = section.get("github");
        if (github == null) {
            problems.add("tickets: name the issue tracker, e.g. tickets: { github: { repo: acme/incidents } }");
            return problems;
        }
        if (!github.isObject()) {
            problems.add("tickets.github: write { repo: owner/name }");
            return problems;
        }
        github.fieldNames().forEachRemaining(k -> {
            if (!Set.of("repo", "people").contains(k)) {
                problems.add("tickets.github." + k + ": unknown key (expected repo, people)");
            }
        });
        JsonNode repo = github.get("repo");
        if (repo == null || !repo.isTextual() || !REPO.matcher(repo.textValue()).matches()) {
            problems.add("tickets.github.repo: write the repository as owner/name, e.g. acme/incidents");
        }
        JsonNode people = github.get("people");
        if (people != null && !people.isNull()) {
            if (!people.isObject()) {
                problems.add("tickets.github.people: write a map of chat names to GitHub logins, e.g. { alice: alice-gh }");
            } else {
                people.properties().forEach(e -> {
                    if (!e.getValue().isTextual() || !LOGIN.matcher(e.getValue().textValue()).matches()) {
                        problems.add("tickets.github.people." + e.getKey() + ": must be a GitHub login, e.g. alice-gh");
                    }
                });
            }
        }
        if (Optional.ofNullable(env.get(TOKEN_VARIABLE)).filter(t -> !t.isBlank()).isEmpty()) {
            problems.add("tickets.github: set the environment variable " + TOKEN_VARIABLE
                    + " to a token that may create issues in the repository");
        }
        String api = env.get(API_URL_VARIABLE);
        if (api != null && !api.isBlank()) {
            try {
                URI uri = new URI(api.strip());
                if (!Set.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                    problems.add(API_URL_VARIABLE + ": must be an http(s) URL, e.g. https://github.example.com/api/v3");
                }
            } catch (java.net.URISyntaxException e) {
                problems.add(API_URL_VARIABLE + ": must be an http(s) URL, e.g. https://github.example.com/api/v3");
            }
        }
        return problems;
    }

    /** The settings of a section {@link #validate} accepted; empty when no GitHub is configured. */
    public static Optional<GitHubSettings> parse(JsonNode section, Map<String, String> env) {
        if (section == null || !section.path("github").isObject()) {
            return Optional.empty();
        }
        JsonNode github = section.path("github");
        String[] repo = github.path("repo").asText().split("/", 2);
        Map<String, String> people = new TreeMap<>();
        github.path("people").properties().forEach(e -> people.put(e.getKey(), e.getValue().asText()));
        String api = Optional.ofNullable(env.get(API_URL_VARIABLE)).filter(a -> !a.isBlank()).map(String::strip)
                .orElse(DEFAULT_API.toString());
        return Optional.of(new GitHubSettings(repo[0], repo[1], URI.create(api.endsWith("/") ? api : api + "/"),
                env.get(TOKEN_VARIABLE).strip(), people));
    }
}
