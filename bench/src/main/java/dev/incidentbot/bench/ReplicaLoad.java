package dev.incidentbot.bench;

import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed slash commands spread over the replicas the way a load balancer spreads them (request {@code i} goes to
 * replica {@code i mod n}), each on its own keep-alive connection.
 */
final class ReplicaLoad {
    private final List<Integer> ports;
    private final FakeSlackWebApi fake;
    private final String channel;
    private final SignedSlashCommands signer = new SignedSlashCommands(SlackAckFigure.SECRET);

    ReplicaLoad(List<Integer> ports, FakeSlackWebApi fake, String channel) {
        this.ports = List.copyOf(ports);
        this.fake = fake;
        this.channel = channel;
    }

    private byte[] body(String text, String trigger) {
        return SignedSlashCommands.body(text, SlackAckFigure.USER, channel, fake.newResponseUrl(), trigger);
    }

    /**
     * Closed loop: {@code callers} people each declare {@code /incident <prefix> cK nN}, the next as soon as the last
     * is answered, for {@code duration}. Returns the seconds until the last answer and the answers that were not 200.
     */
    double[] declares(int callers, String prefix, Duration duration) throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < callers; k++) {
            int caller = k;
            Thread t = new Thread(() -> {
                List<HttpConnection> connections = ports.stream().map(p -> new HttpConnection("127.0.0.1", p)).toList();
                for (long n = 0; System.nanoTime() < end; n++) {
                    byte[] body = body(prefix + " c" + caller + " n" + n, "trigger." + prefix.hashCode() + "." + caller + "." + n);
                    try {
                        int status = connections.get((int) ((caller + n) % connections.size()))
                                .post("/slack/events", SignedSlashCommands.FORM, signer.headers(body), body);
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                connections.forEach(HttpConnection::close);
            }, "declarer-" + k);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new double[] {(System.nanoTime() - start) / 1e9, errors.get()};
    }

    /** The bodies of {@code count} {@code /incident note} commands on {@code incidents}, in turn (nothing to post). */
    List<byte[]> notes(List<Long> incidents, int count, String run) {
        return onIncidents("note INC-%d checked the dashboards, p99 still above the SLO on the checkout API", incidents,
                count, "note." + run);
    }

    /** The same with {@code /incident update}: each posts in the incident's channel and refreshes its summary. */
    List<byte[]> updates(List<Long> incidents, int count, String run) {
        return onIncidents("update INC-%d rolled back the deploy, error rate falling status: identified", incidents,
                count, "update." + run);
    }

    private List<byte[]> onIncidents(String format, List<Long> incidents, int count, String run) {
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(body(String.format(java.util.Locale.ROOT, format, incidents.get(i % incidents.size())),
                    "trigger." + run + "." + i));
        }
        return bodies;
    }

    /** Open loop at {@code rate}: body {@code i} to replica {@code i mod n}, timed from its scheduled send. */
    Latencies acks(List<byte[]> bodies, int rate) throws InterruptedException {
        return openLoop(ports, "/slack/events", bodies, rate);
    }

    /** The same bodies at the same rate to a bare servlet. */
    Latencies bare(BareAckServer bare, List<byte[]> bodies, int rate) throws InterruptedException {
        return openLoop(List.of(bare.port()), BareAckServer.PATH, bodies, rate);
    }

    private Latencies openLoop(List<Integer> targets, String path, List<byte[]> bodies, int rate)
            throws InterruptedException {
        return OpenLoop.run(rate, bodies.size(), 8, () -> {
            List<HttpConnection> connections = targets.stream().map(p -> new HttpConnection("127.0.0.1", p)).toList();
            return new OpenLoop.Sender() {
                @Override
                public boolean send(int index) throws Exception {
                    byte[] body = bodies.get(index);
                    return connections.get(index % connections.size())
                            .post(path, SignedSlashCommands.FORM, signer.headers(body), body) == 200;
                }

                @Override
                public void close() {
                    connections.forEach(HttpConnection::close);
                }
            };
        }).latencies();
    }
}
