package org.rlhf4j.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 made of separate JVMs started from this test's class path (no Spark
 * distribution): one Master and {@code n} Workers of one core each. Workers get {@code SPARK_HOME} with an empty
 * {@code jars/} and {@code SPARK_SCALA_VERSION=2.13} (without them executors fail to launch); executors find the
 * classes through {@code spark.executor.extraClassPath}, which {@link SparkEngine} sets to the driver's class path.
 */
final class StandaloneCluster implements AutoCloseable {

    final Path dir;
    final String masterUrl;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path dir, String masterUrl, Process master) {
        this.dir = dir;
        this.masterUrl = masterUrl;
        this.master = master;
    }

    /** Starts the Master and {@code workerCount} Workers and waits until every Worker has registered. */
    static StandaloneCluster start(int workerCount) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("spark-cluster");
        Files.createDirectories(dir.resolve("home").resolve("jars"));
        // The Master's and Workers' own log (the test's log4j2-test.xml keeps Spark quiet): registrations at INFO.
        Files.writeString(dir.resolve("log4j2.xml"), String.join("\n", "<Configuration status=\"WARN\">",
                "<Appenders><Console name=\"out\" target=\"SYSTEM_OUT\"><PatternLayout pattern=\"%d{HH:mm:ss.SSS}"
                        + " %-5level %c{1} - %msg%n\"/></Console></Appenders>",
                "<Loggers><Root level=\"info\"><AppenderRef ref=\"out\"/></Root></Loggers>", "</Configuration>",
                ""));
        int port = freePort();
        Process master = launch(dir, "master", List.of("org.apache.spark.deploy.master.Master", "--host",
                "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
        StandaloneCluster cluster = new StandaloneCluster(dir, "spark://127.0.0.1:" + port, master);
        try {
            cluster.awaitLog("master", "Starting Spark master", 60);
            for (int i = 0; i < workerCount; i++) {
                cluster.workers.add(launch(dir, "worker-" + i, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "1536m", "--webui-port",
                        String.valueOf(freePort()), "--work-dir", dir.resolve("work-" + i).toString(),
                        cluster.masterUrl)));
            }
            for (int i = 0; i < workerCount; i++) {
                cluster.awaitLog("worker-" + i, "Successfully registered with master", 60);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Kills Worker {@code i} and the executor it launched with SIGKILL, as a crashed machine would go. */
    void killWorker(int i) {
        Process w = workers.get(i);
        List<ProcessHandle> children = w.toHandle().descendants().toList();
        w.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** The Worker's log so far. */
    String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    @Override
    public void close() {
        for (Process w : workers) {
            stop(w);
        }
        stop(master);
    }

    private static void stop(Process p) {
        List<ProcessHandle> children = p.toHandle().descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitLog(String name, String line, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!log(name).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log '" + line + "' within " + seconds + " s:\n"
                        + log(name));
            }
            Thread.sleep(200);
        }
    }

    private static Process launch(Path dir, String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"), "-cp",
                System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("DJL_OFFLINE", "true");
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
