package io.satchel.migrate;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on standard error. On a terminal the bar is redrawn in place each second. Elsewhere (a log
 * file, CI, a pipe) progressbar would also redraw with carriage returns and colour codes, one endless line
 * in a log; there it prints a plain ASCII line every few seconds instead, and never asks jline about a
 * terminal that is not there.
 */
final class Progress {
    private static final int PLAIN_EVERY_MILLIS = 5000;
    private static final int PLAIN_WIDTH = 100;

    private final PrintStream err;
    private final boolean terminal;

    Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    ProgressBar start(String task, long total, String unit, long unitSize) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, unitSize);
        if (unitSize > 1) b.showSpeed();
        if (terminal) return b.setConsumer(new ConsoleProgressBarConsumer(err)).build();
        return b.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(PLAIN_EVERY_MILLIS)
                .setConsumer(new DelegatingProgressBarConsumer(new Lines(), PLAIN_WIDTH)).build();
    }

    /** Plain lines, each once: progressbar renders its final state twice as it closes. */
    private final class Lines implements Consumer<String> {
        private String last;

        @Override
        public void accept(String line) {
            if (!line.equals(last)) err.println(line);
            last = line;
        }
    }

    /**
     * Whether standard error is a terminal. {@code System.console()} answers for standard input and output,
     * not error (and {@code migrate … 2> log} is common), so on Linux ask what file descriptor 2 is.
     */
    static boolean standardErrorIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) return false;
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            var console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
