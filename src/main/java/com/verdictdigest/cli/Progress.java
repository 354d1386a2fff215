package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongFunction;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal; a plain line every
 * so often (and one at the end) when stderr goes to a file or a pipe, so a log holds readable
 * lines instead of the frames of a bar.
 */
abstract class Progress implements AutoCloseable {

    /** How often a plain line is written when stderr is not a terminal. */
    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    protected final String task;
    protected final long max;
    protected final LongFunction<String> amount;

    private Progress(String task, long max, LongFunction<String> amount) {
        this.task = task;
        this.max = max;
        this.amount = amount;
    }

    /** What is counted: how the bar shows it (unit and divisor) and how a plain line reads it. */
    enum Unit {
        BYTES(" MB", 1 << 20, Progress::bytes),
        MAILS(" mails", 1, n -> String.format(Locale.ROOT, "%,d mails", n));

        final String barUnit;
        final long barDivisor;
        final LongFunction<String> amount;

        Unit(String barUnit, long barDivisor, LongFunction<String> amount) {
            this.barUnit = barUnit;
            this.barDivisor = barDivisor;
            this.amount = amount;
        }
    }

    /** @param terminal whether stderr is a terminal ({@link #stderrIsTerminal()}) */
    static Progress start(String task, long max, Unit unit, PrintWriter err, boolean terminal) {
        return terminal ? new Bar(task, max, unit, err) : new Lines(task, max, unit.amount, err, PLAIN_EVERY);
    }

    abstract void stepTo(long done);

    abstract void stepBy(long n);

    /** A note shown beside the figures ("3 failed"). */
    abstract void note(String text);

    @Override
    public abstract void close();

    /** Bytes as people read them: "812 B", "12.5 KB", "40.0 MB". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        return n < 1 << 20 ? String.format(Locale.ROOT, "%.1f KB", n / 1024.0) : String.format(Locale.ROOT, "%.1f MB", n / (double) (1 << 20));
    }

    /**
     * Whether this process's stderr is a terminal. On Linux, file descriptor 2 is checked itself
     * (System.console() looks at stdin and stdout only, so "2> log" would go unnoticed); elsewhere
     * the console decides.
     */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (Exception e) {
                return false;
            }
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Java 22+: a console exists even when redirected; isTerminal() tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The bar (me.tongfei progressbar), redrawn on one line of the command's stderr. */
    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long max, Unit unit, PrintWriter err) {
            super(task, max, unit.amount);
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(unit.barUnit, unit.barDivisor)
                    .setUpdateIntervalMillis(500).continuousUpdate().showSpeed()
                    .setConsumer(new ProgressBarConsumer() {
                        @Override
                        public int getMaxRenderedLength() {
                            return 100;
                        }

                        @Override
                        public void accept(String rendered) {
                            err.print('\r' + rendered);
                            err.flush();
                        }

                        @Override
                        public void close() {
                            err.println();
                            err.flush();
                        }
                    }).build();
        }

        @Override
        void stepTo(long done) {
            bar.stepTo(done);
        }

        @Override
        void stepBy(long n) {
            bar.stepBy(n);
        }

        @Override
        void note(String text) {
            bar.setExtraMessage(text);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** A line now and then: "Import: 12.5 MB of 40.0 MB (31%), 12 s". */
    static final class Lines extends Progress {
        private final PrintWriter err;
        private final long everyNanos;
        private final long started = System.nanoTime();
        private long last = System.nanoTime();
        private long done;
        private String note = "";
        private boolean closed;

        Lines(String task, long max, LongFunction<String> amount, PrintWriter err, Duration every) {
            super(task, max, amount);
            this.err = err;
            this.everyNanos = every.toNanos();
        }

        @Override
        synchronized void stepTo(long done) {
            this.done = done;
            maybePrint();
        }

        @Override
        synchronized void stepBy(long n) {
            this.done += n;
            maybePrint();
        }

        @Override
        synchronized void note(String text) {
            this.note = text == null ? "" : text;
        }

        private void maybePrint() {
            long now = System.nanoTime();
            if (now - last >= everyNanos) {
                last = now;
                print();
            }
        }

        private void print() {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            String percent = max > 0 ? " (" + Math.min(100, done * 100 / max) + "%)" : "";
            err.println(task + ": " + amount.apply(done) + " of " + amount.apply(max) + percent + ", " + seconds + " s"
                    + (note.isEmpty() ? "" : ", " + note));
            err.flush();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                print();
            }
        }
    }
}
