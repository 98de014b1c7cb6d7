package dev.vitals.agent.alerts.notify;

import dev.vitals.agent.log.Log;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Routes notifications to channels and delivers them asynchronously. <b>Routing:</b> a channel receives the
 * alerts of the severities it is configured for ({@code alerts.<channel>.severities}); an escalation channel
 * ({@code alerts.escalation.channels}) also receives every escalation, and the resolution of an alert it was
 * escalated, whatever the severity. <b>Delivery:</b> each channel has its own daemon thread ({@code vitals-notify-<name>}),
 * so a channel that hangs until its timeout delays neither the alert evaluation that called {@link #send} nor
 * any other channel. A failed attempt is retried up to {@code attempts} times in all, after
 * {@code backoff * 2^(n-1)} scaled by a random factor in [0.5, 1.5) (jitter, so many agents do not retry in
 * step), capped at {@value #MAX_BACKOFF_MILLIS} ms. Retries are scheduled, never slept.
 *
 * <p>At most {@value #MAX_PENDING} notifications wait per channel; beyond that new ones are dropped and counted
 * as failed, so an unreachable receiver cannot grow the heap. Failures are logged rate-limited, without URLs.
 * Thread-safe.
 */
public final class Dispatcher implements MetricsSource {
    static final int MAX_PENDING = 1000;
    static final long MAX_BACKOFF_MILLIS = 300_000;
    private static final String[] CHANNEL = {"channel"};
    private static final Set<String> ALL_SEVERITIES = new HashSet<>(Arrays.asList("info", "warning", "critical", "emergency"));

    /** One channel's thread and counters. */
    public static final class Lane {
        final Channel channel;
        final Set<String> severities;
        final boolean escalation;
        final ScheduledExecutorService executor;
        final AtomicInteger pending = new AtomicInteger();
        final LongAdder sent = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder retries = new LongAdder();
        volatile String lastError;
        volatile long lastErrorAt;
        volatile long lastSuccessAt;

        Lane(Channel channel, Set<String> severities, boolean escalation) {
            this.channel = channel;
            this.severities = severities;
            this.escalation = escalation;
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "vitals-notify-" + channel.name());
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            this.executor = e;
        }

        public String name() {
            return channel.name();
        }

        /** Whether this lane delivers {@code n}: see the class comment. */
        public boolean wants(Notification n) {
            if (n.kind == Notification.Kind.ESCALATED) {
                return escalation;
            }
            if (!channel.accepts(n)) {
                return false;
            }
            return severities.contains(n.alert.severity().label())
                    || escalation && n.kind == Notification.Kind.RESOLVED && n.alert.escalatedAt() > 0;
        }

        public long sent() {
            return sent.sum();
        }

        public long failed() {
            return failed.sum();
        }

        public long retries() {
            return retries.sum();
        }

        public String lastError() {
            return lastError;
        }

        public long lastErrorAt() {
            return lastErrorAt;
        }

        public long lastSuccessAt() {
            return lastSuccessAt;
        }
    }

    private final List<Lane> lanes = new ArrayList<>();
    private final int attempts;
    private final long backoffMillis;

    /** Every channel receives every severity, and none escalations. */
    public Dispatcher(List<Channel> channels, int attempts, long backoffMillis) {
        this(channels, c -> ALL_SEVERITIES, Collections.emptySet(), attempts, backoffMillis);
    }

    /**
     * @param severities the severity labels each channel (by name) receives
     * @param escalation the names of the channels that receive escalations
     */
    public Dispatcher(List<Channel> channels, Function<String, Set<String>> severities, Set<String> escalation,
                      int attempts, long backoffMillis) {
        for (Channel c : channels) {
            lanes.add(new Lane(c, severities.apply(c.name()), escalation.contains(c.name())));
        }
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
    }

    public List<Lane> lanes() {
        return Collections.unmodifiableList(lanes);
    }

    /** Queues the notification for every channel that accepts it; returns at once. */
    public void send(Notification n) {
        for (Lane lane : lanes) {
            if (!lane.wants(n)) {
                continue;
            }
            if (lane.pending.incrementAndGet() > MAX_PENDING) {
                lane.pending.decrementAndGet();
                lane.failed.increment();
                Log.warnRateLimited("notify-full-" + lane.name(), "alerts: the " + lane.name()
                        + " channel has " + MAX_PENDING + " notifications waiting; dropping new ones", null);
                continue;
            }
            lane.executor.execute(() -> attempt(lane, n, 1));
        }
    }

    private void attempt(Lane lane, Notification n, int attempt) {
        try {
            lane.channel.deliver(n);
            lane.sent.increment();
            lane.lastSuccessAt = System.currentTimeMillis();
            lane.pending.decrementAndGet();
        } catch (Throwable t) {
            String reason = t instanceof DeliveryException ? t.getMessage() : t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + Redact.message(t.getMessage()));
            lane.lastError = reason;
            lane.lastErrorAt = System.currentTimeMillis();
            if (attempt < attempts) {
                lane.retries.increment();
                long delay = backoff(attempt);
                Log.warnRateLimited("notify-retry-" + lane.name(), "alerts: " + lane.name() + " delivery of "
                        + n.kind.label() + " alert " + n.alert.id() + " failed (attempt " + attempt + "/" + attempts
                        + ": " + reason + "); retrying in " + delay + " ms", null);
                lane.executor.schedule(() -> attempt(lane, n, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } else {
                lane.failed.increment();
                lane.pending.decrementAndGet();
                Log.warnRateLimited("notify-failed-" + lane.name(), "alerts: " + lane.name() + " delivery of "
                        + n.kind.label() + " alert " + n.alert.id() + " failed after " + attempts + " attempts: "
                        + reason, null);
            }
        }
    }

    long backoff(int attempt) {
        double base = backoffMillis * Math.pow(2, attempt - 1);
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return (long) Math.min(MAX_BACKOFF_MILLIS, base * jitter);
    }

    @Override
    public void collect(MetricsSink sink) {
        for (Lane lane : lanes) {
            String[] v = {lane.name()};
            sink.counter("vitals_notifications_sent", "Alert notifications delivered, per channel.", null, CHANNEL, v,
                    lane.sent.sum());
            sink.counter("vitals_notifications_failed", "Alert notifications not delivered after every retry, per channel.",
                    null, CHANNEL, v, lane.failed.sum());
            sink.counter("vitals_notification_retries", "Alert notification attempts that failed and were retried, per channel.",
                    null, CHANNEL, v, lane.retries.sum());
        }
    }
}
