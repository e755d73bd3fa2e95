package org.rlhf4j.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.rlhf4j.artifacts.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a Spark job runs and how its executors are set up. The master is chosen as for any Spark application:
 * embedded {@code local[*]} (the default: the driver's JVM is the only executor, no cluster needed), a standalone
 * master {@code spark://host:7077} (several as {@code spark://h1:7077,h2:7077}), or whatever {@code spark-submit}
 * set in the {@code spark.master} system property. {@link #start} fails fast with a message naming the master when
 * no master answers within {@code connectTimeout}, or when no executor registers within {@code executorTimeout}.
 *
 * <p>Executors get, unless {@code conf} says otherwise: DJL offline, libtorch intra-op threads = the executor's
 * cores ({@code spark.executor.cores}, else 1; tasks in one JVM take turns on its models, see
 * {@link ExecutorModels}), one inter-op thread, 8 GB of direct memory, {@code OMP_WAIT_POLICY=PASSIVE}; and, for a
 * cluster master, the driver's own class path as {@code spark.executor.extraClassPath} (right when every node has
 * the build at the same path; set {@code spark.executor.extraClassPath} or {@code spark.jars} otherwise). The web UI
 * is off; for a local or loopback master the driver binds to 127.0.0.1.
 *
 * @param master the Spark master URL ({@code local[*]}, {@code local[N]}, {@code spark://host:port}, …)
 * @param partitions tasks per job; 0 = one task per shard (the finest unit a lost executor costs)
 * @param connectTimeout how long to wait for a {@code spark://} master to accept a connection
 * @param executorTimeout how long to wait for the first executor of a cluster master to register
 * @param conf further Spark settings ({@code spark.executor.memory}, …), applied last
 */
public record SparkEngine(String master, int partitions, Duration connectTimeout, Duration executorTimeout,
                          Map<String, String> conf) {

    /** The default master: embedded, one task thread per core. */
    public static final String LOCAL = "local[*]";
    /**
     * The glibc {@code malloc} settings the launcher exports (README, Memory): executors get the driver's values, so
     * their libtorch temporaries are reused instead of page-faulted in again (measured 3.6x on GAtt training steps).
     */
    static final List<String> MALLOC_VARIABLES = List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_MAX_", "MALLOC_ARENA_MAX");

    private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

    public SparkEngine {
        if (master == null || master.isBlank()) {
            throw InputException.flag("--master", "must name a Spark master (local[*], spark://host:port, …)");
        }
        if (partitions < 0) {
            throw InputException.flag("--partitions", "must be >= 0 (0: one task per shard), got " + partitions);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || executorTimeout == null || executorTimeout.isNegative() || executorTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be > 0");
        }
        conf = Map.copyOf(conf == null ? Map.of() : conf);
    }

    /**
     * The engine for {@code master}, or when null the {@code spark.master} system property ({@code spark-submit}
     * sets it), else {@link #LOCAL}; one task per shard, 10 s to reach the master, 60 s for an executor.
     */
    public static SparkEngine of(String master) {
        String m = master != null ? master : System.getProperty("spark.master", LOCAL);
        return new SparkEngine(m, 0, Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of());
    }

    /** This engine with {@code n} tasks per job (0: one per shard). */
    public SparkEngine withPartitions(int n) {
        return new SparkEngine(master, n, connectTimeout, executorTimeout, conf);
    }

    /** This engine with other timeouts. */
    public SparkEngine withTimeouts(Duration connect, Duration executors) {
        return new SparkEngine(master, partitions, connect, executors, conf);
    }

    /** This engine with {@code more} Spark settings over its own. */
    public SparkEngine withConf(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(conf);
        all.putAll(more);
        return new SparkEngine(master, partitions, connectTimeout, executorTimeout, all);
    }

    /** Whether the master runs the job inside the driver's JVM ({@code local}, {@code local[N]}, …). */
    public boolean isLocal() {
        return master.equals("local") || master.startsWith("local[");
    }

    /**
     * Starts a Spark context on this master: checks that a {@code spark://} master answers, then waits for an
     * executor to register.
     *
     * @throws InputException naming the master when it does not answer or gives no executor in time
     */
    public JavaSparkContext start(String appName) {
        if (master.startsWith("spark://")) {
            requireReachable();
        }
        long start = System.nanoTime();
        JavaSparkContext sc = new JavaSparkContext(sparkConf(appName));
        try {
            if (!isLocal()) {
                awaitExecutor(sc);
            }
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
        LOG.info("Spark {} on {} started in {} s", sc.version(), master,
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return sc;
    }

    /**
     * Runs {@code job} over {@code tasks} on {@code sc}, {@code partitions} Spark tasks (0: one each; the tasks keep
     * their order, a partition gets a run of consecutive ones) and collects the results in task order.
     *
     * @throws RuntimeException the project's own exception when a task failed with one ({@link SparkFailures})
     */
    static <T, R> List<R> runTasks(JavaSparkContext sc, int partitions, List<T> tasks,
                                   FlatMapFunction<Iterator<T>, R> job) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        int slices = partitions <= 0 ? tasks.size() : Math.min(partitions, tasks.size());
        try {
            return sc.parallelize(tasks, slices).mapPartitions(job).collect();
        } catch (Exception e) { // SparkException is checked but undeclared
            throw SparkFailures.userFacing(e);
        }
    }

    /** The Spark settings {@link #start} uses. */
    public SparkConf sparkConf(String appName) {
        SparkConf c = new SparkConf().setMaster(master).setAppName(appName);
        c.set("spark.ui.enabled", "false");
        if (isLocal() || loopbackMaster()) {
            c.set("spark.driver.host", "127.0.0.1");
            c.set("spark.driver.bindAddress", "127.0.0.1");
        }
        String cores = conf.getOrDefault("spark.executor.cores", "1");
        c.set("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=" + cores
                + " -Dai.djl.pytorch.num_interop_threads=1 -XX:MaxDirectMemorySize=8g");
        c.set("spark.executorEnv.DJL_OFFLINE", "true");
        c.set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        for (String variable : MALLOC_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null) {
                c.set("spark.executorEnv." + variable, value);
            }
        }
        if (!isLocal() && !conf.containsKey("spark.jars")) {
            c.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        conf.forEach(c::set);
        return c;
    }

    /** The host:port pairs of a {@code spark://} URL. */
    static List<InetSocketAddress> masterAddresses(String url) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String hostPort : url.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw InputException.flag("--master", url + ": '" + hostPort + "' is not host:port");
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }

    private boolean loopbackMaster() {
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (InetSocketAddress a : masterAddresses(master)) {
            try {
                if (!InetAddress.getByName(a.getHostString()).isLoopbackAddress()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private void requireReachable() {
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress a : masterAddresses(master)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), (int) connectTimeout.toMillis());
                return;
            } catch (IOException e) {
                failures.add(a.getHostString() + ":" + a.getPort() + " (" + e.getMessage() + ")");
            }
        }
        throw InputException.flag("--master", master + ": no Spark master answers at " + String.join(", ", failures)
                + " within " + connectTimeout.toSeconds() + " s");
    }

    private void awaitExecutor(JavaSparkContext sc) {
        long deadline = System.nanoTime() + executorTimeout.toNanos();
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
            if (System.nanoTime() > deadline) {
                throw InputException.flag("--master", master + ": no executor registered within "
                        + executorTimeout.toSeconds() + " s (no worker with free cores and memory, or the master"
                        + " is not a Spark master)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }
}
