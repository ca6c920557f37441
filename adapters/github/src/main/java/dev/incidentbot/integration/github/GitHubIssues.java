package dev.incidentbot.integration.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.JsonHttpClient;
import dev.incidentbot.integration.JsonHttpClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's REST API for issues: create, and find one the bot created earlier by a marker in its body (for a retry
 * after an unknown outcome). Errors become {@link DeliveryException}s: 5xx, 429, rate-limit 403 and network
 * failures are retryable; 401, 404, 410 and 422 cannot improve by retrying.
 * Sources: https://docs.github.com/en/rest/issues/issues#create-an-issue,
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues,
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api.
 */
public final class GitHubIssues {
    public static final String API_VERSION = "2022-11-28";
    /** How far back the marker search looks: issues are listed newest first, and a retry follows its try closely. */
    private static final int SEARCH_PAGES = 3;
    private static final int PAGE_SIZE = 100;

    private final GitHubSettings settings;
    private final JsonHttpClient http;

    public GitHubIssues(GitHubSettings settings) {
        this.settings = settings;
        this.http = new JsonHttpClient("GitHub",
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build(),
                Duration.ofSeconds(30), Map.of("Accept", "application/vnd.github+json",
                        "Authorization", "Bearer " + settings.token(), "X-GitHub-Api-Version", API_VERSION,
                        "User-Agent", "incident-bot"), this::refusal);
    }

    /**
     * Creates the issue. When GitHub refuses only the assignee (422 on {@code assignees}: not a collaborator, no
     * such login), the issue is created without one, so the action item still gets its ticket.
     */
    public CreatedIssue create(IssueDraft draft) {
        Answer answer = post(draft, draft.assignees());
        if (answer.status() == 422 && !draft.assignees().isEmpty() && onlyAssigneesRefused(answer)) {
            return issue(http.check(post(draft, List.of()), "create an issue"), false);
        }
        return issue(http.check(answer, "create an issue"), !draft.assignees().isEmpty());
    }

    /** The newest issue (not pull request) in the repository whose body contains {@code marker}. */
    public Optional<CreatedIssue> findByMarker(String marker) {
        for (int page = 1; page <= SEARCH_PAGES; page++) {
            JsonNode issues = http.call("GET", uri("repos/" + settings.owner() + "/" + settings.repo()
                    + "/issues?state=all&sort=created&direction=desc&per_page=" + PAGE_SIZE + "&page=" + page),
                    Optional.empty(), "list issues");
            for (JsonNode issue : issues) {
                if (!issue.has("pull_request") && issue.path("body").asText("").contains(marker)) {
                    return Optional.of(issue(issue, !issue.path("assignees").isEmpty()));
                }
            }
            if (issues.size() < PAGE_SIZE) {
                break;
            }
        }
        return Optional.empty();
    }

    private Answer post(IssueDraft draft, List<String> assignees) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("title", draft.title());
        body.put("body", draft.body());
        assignees.forEach(body.putArray("assignees")::add);
        if (!draft.labels().isEmpty()) {
            draft.labels().forEach(body.withArray("labels")::add);
        }
        return http.exchange("POST", uri("repos/" + settings.owner() + "/" + settings.repo() + "/issues"), Optional.of(body));
    }

    private URI uri(String path) {
        return settings.apiBase().resolve(path);
    }

    /** GitHub's rules: 5xx, 429 and rate-limit 403 may work later; 401, 403, 404, 410 and 422 never will. */
    private DeliveryException refusal(Answer answer, String what) {
        int status = answer.status();
        String message = message(answer);
        Optional<Duration> retryAfter = answer.retryAfter();
        boolean rateLimited = status == 429 || (status == 403 && (retryAfter.isPresent()
                || answer.headers().firstValue("x-ratelimit-remaining").filter("0"::equals).isPresent()));
        if (rateLimited) {
            Duration wait = retryAfter.orElseGet(() -> untilReset(answer));
            return new DeliveryException.Retryable("GitHub rate limit (" + status + "): " + message, wait, null);
        }
        if (status >= 500) {
            return new DeliveryException.Retryable("GitHub failed to " + what + " (" + status + "): " + message, null);
        }
        String why = switch (status) {
            case 401 -> "GitHub rejected " + GitHubSettings.TOKEN_VARIABLE + " (401 " + message + ")";
            case 403 -> "GitHub forbids it (403 " + message + "): the token may lack the Issues write permission";
            case 404 -> "GitHub has no repository " + settings.owner() + "/" + settings.repo()
                    + " the token can see (404)";
            case 410 -> "issues are disabled in " + settings.owner() + "/" + settings.repo() + " (410)";
            default -> "GitHub refused to " + what + " (" + status + " " + message + ")";
        };
        return new DeliveryException.Permanent(why);
    }

    private static Duration untilReset(Answer answer) {
        return answer.headers().firstValueAsLong("x-ratelimit-reset").stream()
                .mapToObj(reset -> Duration.ofSeconds(Math.max(1, reset - System.currentTimeMillis() / 1000)))
                .findFirst().orElse(Duration.ofMinutes(1));
    }

    private static boolean onlyAssigneesRefused(Answer answer) {
        JsonNode errors = answer.body().path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return false;
        }
        for (JsonNode e : errors) {
            if (!e.path("field").asText().startsWith("assignee")) {
                return false;
            }
        }
        return true;
    }

    private static String message(Answer answer) {
        String message = answer.body().path("message").asText("").strip();
        return message.isEmpty() ? "no message" : message.lines().findFirst().orElse(message);
    }

    private static CreatedIssue issue(JsonNode issue, boolean assigned) {
        if (!issue.path("number").canConvertToInt() || !issue.path("html_url").isTextual()) {
            throw new DeliveryException.Permanent("GitHub answered without an issue number and html_url");
        }
        return new CreatedIssue(issue.path("number").intValue(), URI.create(issue.path("html_url").textValue()), assigned);
    }
}
