package dev.incidentbot.integration.github.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict local GitHub REST API for the two endpoints the bot uses, built from GitHub's documentation:
 * <ul>
 *   <li>Create an issue, {@code POST /repos/{owner}/{repo}/issues}: 201 with the issue; 401 "Requires
 *       authentication" / "Bad credentials"; 404 for a repository the token cannot see; 410 when issues are
 *       disabled; 422 "Validation Failed" for a missing title or an assignee who cannot be assigned
 *       (https://docs.github.com/en/rest/issues/issues#create-an-issue).</li>
 *   <li>List repository issues, {@code GET /repos/{owner}/{repo}/issues}: newest first with {@code sort=created},
 *       pull requests included and marked by a {@code pull_request} key
 *       (https://docs.github.com/en/rest/issues/issues#list-repository-issues).</li>
 *   <li>Every request needs a User-Agent (403 without, per
 *       https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent);
 *       an {@code X-GitHub-Api-Version} other than a supported one is 400
 *       (https://docs.github.com/en/rest/about-the-rest-api/api-versions).</li>
 * </ul>
 * Faults for tests: the next N answers as a given status, or "created but the answer is lost" (connection closed
 * after the issue exists), the outcome a retry must adopt instead of creating twice.
 */
public final class FakeGitHub implements AutoCloseable {
    private static final Set<String> API_VERSIONS = Set.of("2022-11-28", "2026-03-10");
    private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+)/([^/]+)/issues");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> forcedStatuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Duration latency = Duration.ofMillis(30);

    /** A repository: who may be assigned, whether issues are enabled, its issues (and pull requests) in order. */
    private static final class Repository {
        final Set<String> collaborators;
        volatile boolean issuesEnabled = true;
        final List<ObjectNode> items = Collections.synchronizedList(new ArrayList<>());

        Repository(Set<String> collaborators) {
            this.collaborators = Set.copyOf(collaborators);
        }
    }

    private FakeGitHub(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeGitHub start(String token) throws IOException {
        return new FakeGitHub(token);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public FakeGitHub withRepository(String fullName, String... collaborators) {
        repositories.put(fullName, new Repository(Set.of(collaborators)));
        return this;
    }

    public void disableIssues(String fullName) {
        repositories.get(fullName).issuesEnabled = false;
    }

    /** A pull request in the list, as the real list endpoint mixes them in. */
    public void addPullRequest(String fullName, String body) {
        Repository repo = repositories.get(fullName);
        synchronized (repo.items) {
            ObjectNode pr = item(fullName, repo.items.size() + 1, "a pull request", body, List.of(), List.of());
            pr.putObject("pull_request").put("url", "https://api.github.com/repos/" + fullName + "/pulls/" + pr.path("number").asInt());
            repo.items.add(pr);
        }
    }

    public void answerNextWith(int... statuses) {
        for (int s : statuses) {
            forcedStatuses.add(s);
        }
    }

    /** The next {@code n} creates succeed on GitHub's side, but the connection closes before the answer. */
    public void loseNextCreateAnswers(int n) {
        answersToLose.set(n);
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** The issues (not pull requests) of a repository, oldest first. */
    public List<JsonNode> issues(String fullName) {
        Repository repo = repositories.get(fullName);
        synchronized (repo.items) {
            return repo.items.stream().filter(i -> !i.has("pull_request")).map(i -> (JsonNode) i.deepCopy()).toList();
        }
    }

    /** Every request as "METHOD path?query", in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            sleep(latency);
            Integer forced = forcedStatuses.poll();
            if (forced != null) {
                forced(exchange, forced);
                return;
            }
            if (exchange.getRequestHeaders().getFirst("User-Agent") == null) {
                send(exchange, 403, error("Request forbidden by administrative rules. Please make sure your request has a User-Agent header"));
                return;
            }
            String version = exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version");
            if (version != null && !API_VERSIONS.contains(version)) {
                send(exchange, 400, error("API version '" + version + "' is not supported."));
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                send(exchange, 401, error("Requires authentication"));
                return;
            }
            if (!auth.equals("Bearer " + token) && !auth.equals("token " + token)) {
                send(exchange, 401, error("Bad credentials"));
                return;
            }
            Matcher m = ISSUES.matcher(exchange.getRequestURI().getPath());
            Repository repo = m.matches() ? repositories.get(m.group(1) + "/" + m.group(2)) : null;
            if (repo == null) {
                send(exchange, 404, error("Not Found"));
                return;
            }
            String fullName = m.group(1) + "/" + m.group(2);
            switch (exchange.getRequestMethod()) {
                case "POST" -> create(exchange, fullName, repo);
                case "GET" -> list(exchange, repo);
                default -> send(exchange, 404, error("Not Found"));
            }
        }
    }

    private void create(HttpExchange exchange, String fullName, Repository repo) throws IOException {
        if (!repo.issuesEnabled) {
            send(exchange, 410, error("Issues are disabled for this repo"));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            send(exchange, 400, error("Problems parsing JSON"));
            return;
        }
        if (body == null || !body.isObject()) {
            send(exchange, 400, error("Problems parsing JSON"));
            return;
        }
        JsonNode title = body.get("title");
        if (title == null || !(title.isTextual() || title.isInt()) || title.asText().isBlank()) {
            send(exchange, 422, error("Invalid request.\n\n\"title\" wasn't supplied."));
            return;
        }
        List<String> assignees = new ArrayList<>();
        for (JsonNode a : body.path("assignees")) {
            if (!a.isTextual()) {
                send(exchange, 422, error("Invalid request.\n\nFor 'items', " + a + " is not a string."));
                return;
            }
            if (!repo.collaborators.contains(a.textValue())) {
                ObjectNode e = error("Validation Failed");
                e.putArray("errors").addObject().put("value", a.textValue()).put("resource", "Issue")
                        .put("field", "assignees").put("code", "invalid");
                send(exchange, 422, e);
                return;
            }
            assignees.add(a.textValue());
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode l : body.path("labels")) {
            labels.add(l.isObject() ? l.path("name").asText() : l.asText());
        }
        ObjectNode issue;
        synchronized (repo.items) {
            issue = item(fullName, repo.items.size() + 1, title.asText(), body.path("body").asText(""), assignees, labels);
            repo.items.add(issue);
        }
        if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseBody().close();  // connection closed with no status line: the client cannot know
            return;
        }
        exchange.getResponseHeaders().add("Location", issue.path("url").asText());
        send(exchange, 201, issue);
    }

    private void list(HttpExchange exchange, Repository repo) throws IOException {
        Map<String, String> q = query(exchange.getRequestURI());
        int perPage = Math.min(100, Integer.parseInt(q.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        String state = q.getOrDefault("state", "open");
        boolean newestFirst = !"asc".equals(q.get("direction"));
        List<ObjectNode> all;
        synchronized (repo.items) {
            all = new ArrayList<>(repo.items);
        }
        if (newestFirst) {
            Collections.reverse(all);
        }
        ArrayNode out = json.createArrayNode();
        all.stream().filter(i -> state.equals("all") || state.equals(i.path("state").asText()))
                .skip((long) (page - 1) * perPage).limit(perPage).forEach(out::add);
        send(exchange, 200, out);
    }

    private ObjectNode item(String fullName, int number, String title, String body, List<String> assignees, List<String> labels) {
        ObjectNode issue = json.createObjectNode();
        issue.put("id", 1_000_000L + number);
        issue.put("node_id", "I_kwDOfake" + number);
        issue.put("url", "https://api.github.com/repos/" + fullName + "/issues/" + number);
        issue.put("html_url", "https://github.com/" + fullName + "/issues/" + number);
        issue.put("number", number);
        issue.put("state", "open");
        issue.put("title", title);
        issue.put("body", body);
        issue.putObject("user").put("login", "incident-bot[bot]");
        ArrayNode a = issue.putArray("assignees");
        assignees.forEach(login -> a.addObject().put("login", login));
        if (!assignees.isEmpty()) {
            issue.putObject("assignee").put("login", assignees.get(0));
        } else {
            issue.putNull("assignee");
        }
        ArrayNode l = issue.putArray("labels");
        labels.forEach(name -> l.addObject().put("name", name));
        issue.put("created_at", java.time.Instant.now().toString());
        return issue;
    }

    private void forced(HttpExchange exchange, int status) throws IOException {
        if (status == 403) {
            exchange.getResponseHeaders().add("x-ratelimit-remaining", "0");
            exchange.getResponseHeaders().add("x-ratelimit-reset", String.valueOf(System.currentTimeMillis() / 1000 + 1));
            send(exchange, 403, error("API rate limit exceeded for installation."));
        } else if (status == 429) {
            exchange.getResponseHeaders().add("retry-after", "1");
            send(exchange, 429, error("You have exceeded a secondary rate limit."));
        } else {
            send(exchange, status, error(status >= 500 ? "Server Error" : "Forced by the test"));
        }
    }

    private ObjectNode error(String message) {
        ObjectNode e = json.createObjectNode();
        e.put("message", message);
        e.put("documentation_url", "https://docs.github.com/rest");
        return e;
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());  // the fake's response time, not a test waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
