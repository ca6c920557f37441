package dev.incidentbot.slack;

import com.slack.api.methods.response.conversations.ConversationsMembersResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.users.UsersListResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.User;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.Person;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Resolves invite and mention targets that are not user ids. E-mail addresses are looked up once and cached (also
 * when unknown); user-group members are fetched each time, since on-call groups rotate. Names of people (for
 * reaction authors) come from users.info, cached; short handles ({@code @bob}) are matched against users.list,
 * cached and fetched again when a handle is not found (someone joined since), at most once per {@link #REFRESH_AFTER}:
 * users.list is a Tier 2 method (about 20 calls a minute) and a large workspace takes one call per 200 people. When a
 * handle matches several people, members of the channel where it was typed are preferred.
 */
final class SlackDirectory {

    static final Duration REFRESH_AFTER = Duration.ofSeconds(30);

    private final WebApi api;
    private final LongSupplier nanoTime;
    private volatile long listedAt;
    private final Map<String, Optional<String>> usersByEmail = new ConcurrentHashMap<>();
    private final Map<String, String> namesById = new ConcurrentHashMap<>();
    private volatile List<Member> members = List.of();
    private volatile boolean membersLoaded;

    /** A workspace member as users.list describes them. */
    private record Member(String id, String handle, String displayName, String realName) {
        Person person() {
            return new Person(id, displayName.isEmpty() ? handle : displayName);
        }
    }

    SlackDirectory(WebApi api) {
        this(api, System::nanoTime);
    }

    /** {@code nanoTime}: a monotonic clock, so tests can move it. */
    SlackDirectory(WebApi api, LongSupplier nanoTime) {
        this.api = api;
        this.nanoTime = nanoTime;
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

    /** The name people see for {@code userId} (display name, else handle), asking users.info once per person. */
    String nameOf(String userId) {
        String cached = namesById.get(userId);
        if (cached != null) {
            return cached;
        }
        UsersInfoResponse response = api.answer("users.info", client -> client.usersInfo(r -> r.user(userId)));
        if (!response.isOk()) {
            if ("user_not_found".equals(response.getError())) {
                return userId;
            }
            throw api.failure("users.info", response.getError());
        }
        String name = member(response.getUser()).person().displayName();
        namesById.put(userId, name);
        return name;
    }

    /**
     * People whose handle, then display or real name, is {@code handle} (without its @), case-insensitively. Asks
     * users.list on the first call and again when nobody matches.
     */
    List<Person> findPeople(String handle) {
        String wanted = (handle.startsWith("@") ? handle.substring(1) : handle).toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Person> found = match(wanted);
        boolean stale = nanoTime.getAsLong() - listedAt >= REFRESH_AFTER.toNanos();
        if (!membersLoaded || (found.isEmpty() && stale)) {
            members = listMembers();
            membersLoaded = true;
            listedAt = nanoTime.getAsLong();
            found = match(wanted);
        }
        return found;
    }

    /**
     * As {@link #findPeople(String)}, but when several people match, those who are members of {@code channelId} (where
     * the handle was typed) are preferred: "@sam" in the incident channel means the Sam who is there. When the channel's
     * members cannot be listed, or none of them matches, every match is returned.
     */
    List<Person> findPeople(String handle, String channelId) {
        List<Person> found = findPeople(handle);
        if (found.size() < 2 || channelId.isEmpty()) {
            return found;
        }
        Set<String> here;
        try {
            here = channelMembers(channelId);
        } catch (DeliveryException.Permanent e) {
            return found; // e.g. a channel the bot is not in: ask which one, as without the preference
        }
        List<Person> present = found.stream().filter(p -> here.contains(p.id())).toList();
        return present.isEmpty() ? found : present;
    }

    /** Who is in {@code channelId}, page by page (https://api.slack.com/methods/conversations.members, Tier 4). */
    private Set<String> channelMembers(String channelId) {
        Set<String> ids = new HashSet<>();
        String cursor = "";
        do {
            String page = cursor;
            ConversationsMembersResponse response = api.call("conversations.members", client -> client.conversationsMembers(
                    r -> r.channel(channelId).limit(1000).cursor(page.isEmpty() ? null : page)));
            if (response.getMembers() != null) {
                ids.addAll(response.getMembers());
            }
            cursor = response.getResponseMetadata() == null || response.getResponseMetadata().getNextCursor() == null
                    ? "" : response.getResponseMetadata().getNextCursor();
        } while (!cursor.isEmpty());
        return ids;
    }

    private List<Person> match(String wanted) {
        List<Person> byHandle = members.stream().filter(m -> m.handle().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Member::person).toList();
        if (!byHandle.isEmpty()) {
            return byHandle;
        }
        return members.stream().filter(m -> m.displayName().toLowerCase(Locale.ROOT).equals(wanted)
                || m.realName().toLowerCase(Locale.ROOT).equals(wanted)).map(Member::person).toList();
    }

    /** Every active person in the workspace, page by page (https://api.slack.com/methods/users.list). */
    private List<Member> listMembers() {
        List<Member> all = new ArrayList<>();
        String cursor = "";
        do {
            String page = cursor;
            UsersListResponse response = api.call("users.list",
                    client -> client.usersList(r -> r.limit(200).cursor(page.isEmpty() ? null : page)));
            if (response.getMembers() != null) {
                response.getMembers().stream().filter(u -> !u.isDeleted() && !u.isBot())
                        .map(SlackDirectory::member).forEach(all::add);
            }
            cursor = response.getResponseMetadata() == null || response.getResponseMetadata().getNextCursor() == null
                    ? "" : response.getResponseMetadata().getNextCursor();
        } while (!cursor.isEmpty());
        all.forEach(m -> namesById.put(m.id(), m.person().displayName()));
        return List.copyOf(all);
    }

    private static Member member(User u) {
        String display = u.getProfile() == null || u.getProfile().getDisplayName() == null ? ""
                : u.getProfile().getDisplayName();
        String real = u.getRealName() != null ? u.getRealName()
                : u.getProfile() != null && u.getProfile().getRealName() != null ? u.getProfile().getRealName() : "";
        return new Member(u.getId(), u.getName() == null ? "" : u.getName(), display, real);
    }
}
