package com.verdictdigest.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.verdictdigest.delivery.DeliveryRepository.SentMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "sent" marks of one run in an append-only file beside the H2 database: a mark is in the
 * file before its sender sends the next message, and reaches the ledger later in a batch
 * ({@link SentMarks}). Why: with {@code WRITE_DELAY=0} each H2 commit writes a new chunk of every
 * page it changed, about 1.7 ms for a group of four marks here, which held a send to ~2,300
 * msgs/s; appending a line costs microseconds. The durability is H2's: when the call returns the
 * line is in the operating system's cache, so it survives kill -9 of the process (neither H2 nor
 * this file forces the disk at each commit, so neither survives a power cut).
 *
 * <p>Files in {@code <database>.marks/}: {@code <owner>.lock}, locked while the run lives, and
 * segments {@code <owner>.<n>.marks}, one tab-separated line per mark. A segment is deleted once
 * its marks are committed. A lock that can be taken belongs to a process that died:
 * {@link #recover} writes its segments to the ledger before anyone claims rows again (the update
 * is conditional, so a second replay changes nothing).
 */
final class SentMarkJournal {

    private static final Logger log = LoggerFactory.getLogger(SentMarkJournal.class);
    private static final String LOCK = ".lock";
    private static final String SEGMENT = ".marks";
    /** A line longer than this is not one of ours: a reply is cut at 500, a Message-ID at 300. */
    private static final int MAX_LINE = 4096;

    private final Path dir;
    private final String owner;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel segment;
    private int segmentNumber;
    private boolean closed;

    private SentMarkJournal(Path dir, String owner) throws IOException {
        this.dir = dir;
        this.owner = owner;
        Files.createDirectories(dir);
        this.lockChannel = FileChannel.open(dir.resolve(owner + LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.lock = lockChannel.lock();
        openSegment();
    }

    /** A journal of its own for one run (a fresh owner name) in {@code dir}. */
    static SentMarkJournal open(Path dir) {
        try {
            return new SentMarkJournal(dir, UUID.randomUUID().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sent-mark journal in " + dir, e);
        }
    }

    /** The journal directory of an H2 database file ({@code data/verdict} → {@code data/verdict.marks}). */
    static Path dirOf(Path databasePath) {
        return databasePath.resolveSibling(databasePath.getFileName() + ".marks");
    }

    private void openSegment() throws IOException {
        segment = FileChannel.open(segmentPath(owner, ++segmentNumber),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private Path segmentPath(String owner, int n) {
        return dir.resolve(owner + "." + n + SEGMENT);
    }

    /** Writes one mark; it is in the file (the OS's cache) when this returns. Callers serialise. */
    void append(SentMark mark) {
        ByteBuffer line = ByteBuffer.wrap(format(mark).getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                segment.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the sent-mark journal in " + dir, e);
        }
    }

    /** Later marks go to a new segment; the older ones stay until {@link #deleteCommitted}. Callers serialise. */
    void rotate() {
        try {
            FileChannel old = segment;
            openSegment();
            old.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a new sent-mark journal segment in " + dir, e);
        }
    }

    /** Deletes every segment but the current one: their marks are in the ledger now. */
    void deleteCommitted() {
        for (int n = segmentNumber - 1; n >= 1; n--) {
            try {
                if (!Files.deleteIfExists(segmentPath(owner, n))) {
                    break; // deleted by an earlier call, and so are all before it
                }
            } catch (IOException e) {
                log.warn("cannot delete the committed journal segment {}: {}", segmentPath(owner, n), e.toString());
            }
        }
    }

    /**
     * Ends the journal. With {@code committed} every mark is in the ledger, and its files go;
     * without, they stay for {@link #recover} (of this process or the next), which may take them
     * once the lock is released here.
     */
    void close(boolean committed) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            segment.close();
            if (committed) {
                Files.deleteIfExists(segmentPath(owner, segmentNumber));
                deleteCommitted();
                Files.deleteIfExists(dir.resolve(owner + LOCK));
            }
        } catch (IOException e) {
            log.warn("cannot tidy the sent-mark journal {}: {}", dir, e.toString());
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.warn("cannot release the sent-mark journal's lock in {}: {}", dir, e.toString());
            }
        }
    }

    // ---- the lines: id, claim, instant (ms), Message-ID, reply; tab-separated

    static String format(SentMark m) {
        return m.id() + "\t" + clean(m.claimId()) + "\t" + m.at().toEpochMilli() + "\t" + clean(m.messageId()) + "\t"
                + clean(m.reply()) + "\n";
    }

    /** Tabs, line breaks and other control characters would break the line: they become spaces. */
    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, ' ');
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * The marks of a segment. A last line without its line break was cut by the crash: its sender
     * never learned the mark was kept and sent nothing after it, so it is left out (the row goes
     * out again, the one duplicate per sender the engine allows). Malformed lines are logged and skipped.
     */
    static List<SentMark> read(Path file) throws IOException {
        List<SentMark> marks = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            SentMark mark = parse(line);
            if (mark == null) {
                log.warn("{} line {}: not a sent mark, skipped: {}", file, lineNumber,
                        line.length() > 80 ? line.substring(0, 80) + "…" : line);
            } else {
                marks.add(mark);
            }
        }
        return marks;
    }

    private static SentMark parse(String line) {
        if (line.length() > MAX_LINE) {
            return null;
        }
        String[] f = line.split("\t", 5);
        if (f.length != 5 || f[1].isEmpty()) {
            return null;
        }
        try {
            return new SentMark(Long.parseLong(f[0]), f[1], f[4].isEmpty() ? null : f[4],
                    f[3].isEmpty() ? null : f[3], Instant.ofEpochMilli(Long.parseLong(f[2])));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Writes to the ledger the marks of runs whose process died (their lock can be taken) and
     * deletes their files. Runs of this process and of live ones are left alone.
     *
     * @return the marks replayed
     */
    static int recover(Path dir, DeliveryRepository repo) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int replayed = 0;
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(dir, "*" + LOCK)) {
            for (Path lockFile : locks) {
                replayed += recoverOwner(dir, lockFile, repo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sent-mark journal directory " + dir, e);
        }
        return replayed;
    }

    private static int recoverOwner(Path dir, Path lockFile, DeliveryRepository repo) throws IOException {
        String name = lockFile.getFileName().toString();
        String owner = name.substring(0, name.length() - LOCK.length());
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return 0; // its run ended meanwhile
        }
        try (channel) {
            FileLock taken;
            try {
                taken = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return 0; // a run of this process
            }
            if (taken == null) {
                return 0; // a live process
            }
            List<Path> segments = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, owner + ".*" + SEGMENT)) {
                files.forEach(segments::add);
            }
            segments.sort(Comparator.comparingInt(SentMarkJournal::segmentNumberOf));
            List<SentMark> marks = new ArrayList<>();
            for (Path s : segments) {
                marks.addAll(read(s));
            }
            if (!marks.isEmpty()) {
                boolean[] held = repo.markSentCommitted(marks);
                int kept = 0;
                for (boolean h : held) {
                    kept += h ? 1 : 0;
                }
                log.info("sent-mark journal {}: {} marks of a run that stopped without writing them, {} applied to the ledger "
                        + "(the rest were there already or their rows were taken since)", owner, marks.size(), kept);
            }
            for (Path s : segments) {
                Files.deleteIfExists(s);
            }
            Files.deleteIfExists(lockFile);
            taken.release();
            return marks.size();
        }
    }

    private static int segmentNumberOf(Path segment) {
        String name = segment.getFileName().toString();
        String middle = name.substring(0, name.length() - SEGMENT.length());
        try {
            return Integer.parseInt(middle.substring(middle.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
