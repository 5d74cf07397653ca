package io.satchel.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Satchel as its own process ({@code io.satchel.Main serve}) with the JVM options and environment a test
 * chooses, e.g. a small heap or a SIGKILL. Always {@link #close()}d: it never outlives the test.
 */
public final class ChildServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Satchel listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final StringBuffer output;
    private final int port;

    private ChildServer(Process process, int port, StringBuffer output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    public static ChildServer start(Path dataDir, List<String> jvmOptions, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.satchel.Main");
        cmd.add("serve");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SATCHEL_"));
        pb.environment().put("SATCHEL_PORT", "0");
        pb.environment().put("SATCHEL_DATA_DIR", dataDir.toString());
        pb.environment().put("SATCHEL_JOB_POLL_INTERVAL", "100ms");
        pb.environment().put("SATCHEL_WARMUP", "false");
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.complete(-1);
        }, "child-server-output");
        reader.setDaemon(true);
        reader.start();
        int bound;
        try {
            bound = port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("child server did not start:\n" + out, e);
        }
        if (bound < 0) {
            p.destroyForcibly();
            throw new IllegalStateException("child server exited:\n" + out);
        }
        return new ChildServer(p, bound, out);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything the process printed so far. */
    public String output() {
        return output.toString();
    }

    public Process process() {
        return process;
    }

    /** Sends a signal ({@code STOP}, {@code CONT}…) to the process, e.g. to freeze it as a stalled machine would. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }

    /** Kills the process at once, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS)) kill();
    }
}
