package dev.vitals.agent.alerts.notify;

import java.util.regex.Pattern;

/** Removes URLs from exception messages: a webhook URL is a credential (Slack's carries its token in the path). */
final class Redact {
    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");

    private Redact() {
    }

    static String message(String s) {
        return URL.matcher(s).replaceAll("<url>");
    }
}
