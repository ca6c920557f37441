package dev.incidentbot.integration.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public GitHubIssues(GitHubSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Creates the issue. When GitHub refuses only the assignee (422 on {@code assignees}: not a collaborator, no
     * such login), the issue is created without one, so the action item still gets its ticket.
     */
    public CreatedIssue create(IssueDraft draft) {
        HttpResponse<String> response = send(post(draft, draft.assignees()));
        if (response.statusCode() == 422 && !draft.assignees().isEmpty() && onlyAssigneesRefused(response)) {
            return issue(check(send(post(draft, List.of())), "create an issue"), false);
        }
        return issue(check(response, "create an issue"), !draft.assignees().isEmpty());
    }

    /** The newest issue (not pull request) in the repository whose body contains {@code marker}. */
    public Optional<CreatedIssue> findByMarker(String marker) {
        for (int page = 1; page <= SEARCH_PAGES; page++) {
            JsonNode issues = check(send(request("repos/" + settings.owner() + "/" + settings.repo()
                    + "/issues?state=all&sort=created&direction=desc&per_page=" + PAGE_SIZE + "&page=" + page).GET().build()),
                    "list issues");
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

    private HttpRequest post(IssueDraft draft, List<String> assignees) {
        ObjectNode body = json.createObjectNode();
        body.put("title", draft.title());
        body.put("body", draft.body());
        assignees.forEach(body.putArray("assignees")::add);
        if (!draft.labels().isEmpty()) {
            draft.labels().forEach(body.withArray("labels")::add);
        }
        return request("repos/" + settings.owner() + "/" + settings.repo() + "/issues")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(settings.apiBase().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + settings.token())
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "incident-bot");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException.Retryable("GitHub unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException.Retryable("interrupted while calling GitHub", e);
        }
    }

    private JsonNode check(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return readJson(response);
        }
        String message = message(response);
        Optional<Duration> retryAfter = response.headers().firstValueAsLong("retry-after").stream()
                .mapToObj(Duration::ofSeconds).findFirst();
        boolean rateLimited = status == 429 || (status == 403 && (retryAfter.isPresent()
                || response.headers().firstValue("x-ratelimit-remaining").filter("0"::equals).isPresent()));
        if (rateLimited) {
            Duration wait = retryAfter.orElseGet(() -> untilReset(response));
            throw new DeliveryException.Retryable("GitHub rate limit (" + status + "): " + message, wait, null);
        }
        if (status >= 500) {
            throw new DeliveryException.Retryable("GitHub failed to " + what + " (" + status + "): " + message, null);
        }
        String why = switch (status) {
            case 401 -> "GitHub rejected " + GitHubSettings.TOKEN_VARIABLE + " (401 " + message + ")";
            case 403 -> "GitHub forbids it (403 " + message + "): the token may lack the Issues write permission";
            case 404 -> "GitHub has no repository " + settings.owner() + "/" + settings.repo()
                    + " the token can see (404)";
            case 410 -> "issues are disabled in " + settings.owner() + "/" + settings.repo() + " (410)";
            default -> "GitHub refused to " + what + " (" + status + " " + message + ")";
        };
        throw new DeliveryException.Permanent(why);
    }

    private static Duration untilReset(HttpResponse<String> response) {
        return response.headers().firstValueAsLong("x-ratelimit-reset").stream()
                .mapToObj(reset -> Duration.ofSeconds(Math.max(1, reset - System.currentTimeMillis() / 1000)))
                .findFirst().orElse(Duration.ofMinutes(1));
    }

    private boolean onlyAssigneesRefused(HttpResponse<String> response) {
        JsonNode errors = readJson(response).path("errors");
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

    private String message(HttpResponse<String> response) {
        JsonNode body = readJsonOrEmpty(response.body());
        String message = body.path("message").asText("").strip();
        return message.isEmpty() ? "no message" : message.lines().findFirst().orElse(message);
    }

    private JsonNode readJson(HttpResponse<String> response) {
        return readJsonOrEmpty(response.body());
    }

    private JsonNode readJsonOrEmpty(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static CreatedIssue issue(JsonNode issue, boolean assigned) {
        if (!issue.path("number").canConvertToInt() || !issue.path("html_url").isTextual()) {
            throw new DeliveryException.Permanent("GitHub answered without an issue number and html_url");
        }
        return new CreatedIssue(issue.path("number").intValue(), URI.create(issue.path("html_url").textValue()), assigned);
    }
}
