package dev.incidentbot.slack;

import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves invite and mention targets that are not user ids. E-mail addresses are looked up once and cached (also
 * when unknown); user-group members are fetched each time, since on-call groups rotate.
 */
final class SlackDirectory {

    private final WebApi api;
    private final Map<String, Optional<String>> usersByEmail = new ConcurrentHashMap<>();

    SlackDirectory(WebApi api) {
        this.api = api;
    }

    /** The user id for an address, asking Slack on the first request only. */
    Optional<String> userIdForEmail(String email) {
        String key = email.toLowerCase(Locale.ROOT);
        Optional<String> cached = usersByEmail.get(key);
        if (cached != null) {
            return cached;
        }
        UsersLookupByEmailResponse response = api.answer("users.lookupByEmail",
                client -> client.usersLookupByEmail(r -> r.email(email)));
        if (!response.isOk() && !"users_not_found".equals(response.getError())) {
            throw api.failure("users.lookupByEmail", response.getError());
        }
        Optional<String> found = response.isOk()
                ? Optional.ofNullable(response.getUser()).map(u -> u.getId())
                : Optional.empty();
        usersByEmail.put(key, found);
        return found;
    }

    /** Cache only: for rendering on a request thread, where no Web API call may happen. */
    Optional<String> cachedUserIdForEmail(String email) {
        Optional<String> cached = usersByEmail.get(email.toLowerCase(Locale.ROOT));
        return cached == null ? Optional.empty() : cached;
    }

    /** Members of a user group; empty if the group does not exist. */
    List<String> userGroupMembers(String groupId) {
        UsergroupsUsersListResponse response = api.answer("usergroups.users.list",
                client -> client.usergroupsUsersList(r -> r.usergroup(groupId)));
        if (response.isOk()) {
            return response.getUsers() == null ? List.of() : List.copyOf(response.getUsers());
        }
        if ("no_such_subteam".equals(response.getError()) || "subteam_not_found".equals(response.getError())) {
            return List.of();
        }
        throw api.failure("usergroups.users.list", response.getError());
    }
}
