package dev.incidentbot.integration.github;

import java.net.URI;

/** An issue that exists on GitHub; {@code assigned}: false when the owner could not be made assignee. */
public record CreatedIssue(int number, URI htmlUrl, boolean assigned) { }
