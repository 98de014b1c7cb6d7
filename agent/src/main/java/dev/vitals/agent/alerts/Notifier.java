package dev.vitals.agent.alerts;

import dev.vitals.agent.alerts.notify.AlertmanagerChannel;
import dev.vitals.agent.alerts.notify.Channel;
import dev.vitals.agent.alerts.notify.Dispatcher;
import dev.vitals.agent.alerts.notify.EmailChannel;
import dev.vitals.agent.alerts.notify.Notification;
import dev.vitals.agent.alerts.notify.SlackChannel;
import dev.vitals.agent.alerts.notify.WebhookChannel;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.stream.StreamHub;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells people and dashboards what the {@link Evaluator} decided: builds the configured channels, turns each
 * {@link Evaluator.Transition} into a {@link Notification} for the {@link Dispatcher} (which never blocks the
 * caller), and pushes firing and resolved alerts to the live stream's clients. Thread-safe.
 */
final class Notifier {
    private final Dispatcher dispatcher;
    private final StreamHub stream;
    private final String service;
    private final String environment;
    private final String generatorUrl;
    private final boolean alertmanager;

    Notifier(Config config, List<Channel> channels, StreamHub stream, String service) {
        this.dispatcher = new Dispatcher(channels, name -> severities(config, name),
                names(config.get(Keys.ALERTS_ESCALATION_CHANNELS)), config.get(Keys.ALERTS_NOTIFY_ATTEMPTS),
                config.get(Keys.ALERTS_NOTIFY_BACKOFF));
        this.stream = stream;
        this.service = service;
        this.environment = config.get(Keys.ENVIRONMENT);
        this.generatorUrl = generatorUrl(config);
        this.alertmanager = channels.stream().anyMatch(c -> c.name().equals("alertmanager"));
        for (String name : names(config.get(Keys.ALERTS_ESCALATION_CHANNELS))) {
            if (channels.stream().noneMatch(c -> c.name().equals(name))) {
                Log.warn(Keys.ALERTS_ESCALATION_CHANNELS.name() + " names " + name
                        + ", which is not configured; escalations go to the other escalation channels only");
            }
        }
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Whether an Alertmanager channel exists; it wants active alerts re-sent so that it keeps them. */
    boolean alertmanager() {
        return alertmanager;
    }

    /**
     * Hands each transition to the channels, and pushes each firing or resolved alert to the live stream's
     * clients (quiet ones too: the dashboard shows every state change, only people are spared).
     */
    void deliver(List<Evaluator.Transition> transitions, long now) {
        for (Evaluator.Transition t : transitions) {
            List<String> recipients = t.rule == null ? Collections.emptyList() : t.rule.recipients;
            dispatcher.send(new Notification(t.kind, t.alert, recipients, service, environment, generatorUrl, now, t.quiet));
            if (t.kind == Notification.Kind.FIRING || t.kind == Notification.Kind.RESOLVED) {
                Alert a = t.alert;
                stream.publishAlert(g -> AlertView.write(g, a, AlertView.Shape.STREAM));
            }
        }
    }

    /** The severities a channel receives ({@code alerts.<channel>.severities}). */
    private static Set<String> severities(Config config, String channel) {
        switch (channel) {
            case "webhook":
                return names(config.get(Keys.ALERTS_WEBHOOK_SEVERITIES));
            case "slack":
                return names(config.get(Keys.ALERTS_SLACK_SEVERITIES));
            case "email":
                return names(config.get(Keys.ALERTS_EMAIL_SEVERITIES));
            default:
                return names(config.get(Keys.ALERTS_ALERTMANAGER_SEVERITIES));
        }
    }

    private static Set<String> names(String list) {
        Set<String> out = new HashSet<>();
        for (String s : list.split(",")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The channel names for the start line, e.g. {@code webhook, slack}. */
    String channelNames() {
        List<String> names = new ArrayList<>();
        for (Dispatcher.Lane l : dispatcher.lanes()) {
            names.add(l.name());
        }
        return names.isEmpty() ? "no channel" : String.join(", ", names);
    }

    /** The channels the configuration asks for; a bad URL turns its channel off with one log line. */
    static List<Channel> channels(Config config) {
        List<Channel> channels = new ArrayList<>();
        long timeout = config.get(Keys.ALERTS_NOTIFY_TIMEOUT);
        addHttp(channels, Keys.ALERTS_WEBHOOK_URL.name(), config.get(Keys.ALERTS_WEBHOOK_URL),
                uri -> new WebhookChannel(uri, config.get(Keys.ALERTS_WEBHOOK_SECRET), timeout));
        addHttp(channels, Keys.ALERTS_SLACK_URL.name(), config.get(Keys.ALERTS_SLACK_URL),
                uri -> new SlackChannel(uri, timeout));
        addHttp(channels, Keys.ALERTS_ALERTMANAGER_URL.name(), config.get(Keys.ALERTS_ALERTMANAGER_URL),
                uri -> new AlertmanagerChannel(uri, config.get(Keys.ALERTS_ALERTMANAGER_RESEND), timeout));
        EmailChannel email = EmailChannel.fromConfig(config);
        if (email != null) {
            channels.add(email);
        }
        return channels;
    }

    private interface ChannelFactory {
        Channel create(URI uri);
    }

    private static void addHttp(List<Channel> channels, String key, String url, ChannelFactory factory) {
        if (url == null || url.isEmpty()) {
            return;
        }
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            channels.add(factory.create(uri));
        } catch (WebhookChannel.InvalidSecretException e) {
            Log.warn(e.getMessage() + "; the webhook channel is off");
        } catch (RuntimeException e) {
            // The URL is a secret: name the key, never the value.
            Log.warn(key + " is not a valid http(s) URL; that notification channel is off");
        }
    }

    private static String generatorUrl(Config config) {
        String external = config.get(Keys.ALERTS_EXTERNAL_URL);
        if (!external.isEmpty()) {
            return (external.endsWith("/") ? external.substring(0, external.length() - 1) : external) + "/alerts/active";
        }
        String host = config.get(Keys.EXPORTER_HOST);
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        }
        return "http://" + host + ":" + config.get(Keys.EXPORTER_PORT) + "/alerts/active";
    }
}
