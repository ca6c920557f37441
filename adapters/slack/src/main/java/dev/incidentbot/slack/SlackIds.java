package dev.incidentbot.slack;

import java.util.regex.Pattern;

/** Recognises the kinds of mention targets Slack understands: user ids, user-group ids, e-mail addresses. */
final class SlackIds {
    private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern USER_GROUP = Pattern.compile("S[A-Z0-9]{2,}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+");

    private SlackIds() {
    }

    static boolean isUser(String target) {
        return USER.matcher(target).matches();
    }

    static boolean isUserGroup(String target) {
        return USER_GROUP.matcher(target).matches();
    }

    static boolean isEmail(String target) {
        return EMAIL.matcher(target).matches();
    }
}
