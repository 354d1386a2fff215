import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.verdictdigest.bounces.Bounce;
import com.verdictdigest.bounces.BounceParser;
import com.verdictdigest.bounces.BounceReason;
import com.verdictdigest.bounces.UnparseableMessageException;

/**
 * Agreement of our classification with a reference one (Sisimai's reasons) on a directory of
 * .eml files. The expected list has one line per failed recipient:
 * {@code FILE <TAB> REASON [<TAB> STATUS <TAB> HARD <TAB> FEEDBACK-TYPE [<TAB> RECIPIENT]]}
 * (bench/sisimai-expected writes it from the reference's test suite). A message agrees when our
 * reason is the mapped reference reason of the recipient we report (the first one listed when we
 * name none of them). Prints agreement per family (the file name without its number: lhost-exim,
 * rhost-google, arf...), per reference reason, overall, complaint recall and every disagreement.
 *
 * <p>Run: {@code bench/bounce-agreement CORPUS_DIR EXPECTED.tsv}.
 */
public class BounceAgreement {

    /**
     * The reference's reasons in our taxonomy, exactly as the table in README ("Bounce reasons")
     * lists them: one of ours may stand for several of theirs, and then agrees with any of them.
     */
    static final Map<String, BounceReason> MAPPING = new LinkedHashMap<>();

    static {
        map(BounceReason.USER_UNKNOWN, "userunknown", "suppressed");
        map(BounceReason.HOST_UNKNOWN, "hostunknown", "notaccept");
        map(BounceReason.HAS_MOVED, "hasmoved");
        map(BounceReason.MAILBOX_FULL, "mailboxfull");
        map(BounceReason.MESSAGE_TOO_BIG, "mesgtoobig", "exceedlimit");
        map(BounceReason.CONTENT_FILTERED, "contenterror", "filtered", "notcompliantrfc", "virusdetected");
        map(BounceReason.BLOCKED, "blocked", "spamdetected", "policyviolation", "rejected", "norelaying", "requireptr",
                "badreputation");
        map(BounceReason.SECURITY_ERROR, "securityerror", "authfailure", "failedstarttls");
        map(BounceReason.RATE_LIMITED, "toomanyconn", "speeding");
        map(BounceReason.SUSPENDED, "suspend");
        map(BounceReason.EXPIRED, "expired");
        map(BounceReason.NETWORK_ERROR, "networkerror");
        map(BounceReason.SYSTEM_ERROR, "systemerror", "systemfull", "syntaxerror");
        map(BounceReason.MAILER_ERROR, "mailererror");
        map(BounceReason.VACATION, "vacation");
        map(BounceReason.COMPLAINT, "feedback");
        map(BounceReason.UNKNOWN, "undefined", "onhold");
        map(BounceReason.NOT_A_BOUNCE, "delivered");
    }

    private static void map(BounceReason ours, String... theirs) {
        for (String t : theirs) {
            MAPPING.put(t, ours);
        }
    }

    record Expected(String reason, String recipient) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BounceAgreement CORPUS_DIR EXPECTED.tsv [DOMAIN]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Map<String, List<Expected>> expected = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            expected.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Expected(f[1], f.length > 5 && !f[5].isBlank() ? f[5].toLowerCase(Locale.ROOT) : null));
        }
        BounceParser parser = new BounceParser(args.length > 2 ? args[2] : "verdicts.example.com");
        Map<String, int[]> byFamily = new TreeMap<>();
        Map<String, int[]> byReason = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int complaints = 0;
        int complaintsFound = 0;
        int missing = 0;
        long nanos = 0;
        for (Map.Entry<String, List<Expected>> e : expected.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                missing++;
                continue;
            }
            String family = e.getKey().replaceAll("-\\d+\\.eml$", "");
            Bounce b;
            long t0 = System.nanoTime();
            String ours;
            try {
                b = parser.parse(Files.readAllBytes(file));
                ours = b.reason().name();
            } catch (UnparseableMessageException ex) {
                b = null;
                ours = "UNPARSEABLE(" + ex.getMessage() + ")";
            }
            nanos += System.nanoTime() - t0;
            Expected chosen = e.getValue().get(0);
            if (b != null && b.recipient() != null) {
                for (Expected x : e.getValue()) {
                    if (b.recipient().equalsIgnoreCase(x.recipient() == null ? "" : x.recipient())) {
                        chosen = x;
                    }
                }
            }
            BounceReason want = MAPPING.get(chosen.reason());
            boolean agree = want != null && want.name().equals(ours);
            int[] fam = byFamily.computeIfAbsent(family, k -> new int[2]);
            int[] rea = byReason.computeIfAbsent(chosen.reason(), k -> new int[2]);
            fam[1]++;
            rea[1]++;
            if (agree) {
                fam[0]++;
                rea[0]++;
            } else {
                disagreements.add(String.format("%-28s want %-16s (%s) got %-16s %s %s | %s", e.getKey(), want, chosen.reason(), ours,
                        b == null ? "" : b.kind().label(), b == null || b.status() == null ? "-" : b.status(),
                        b == null || b.diagnostic() == null ? "" : b.diagnostic()));
            }
            if (chosen.reason().equals("feedback")) {
                complaints++;
                if (b != null && b.reason() == BounceReason.COMPLAINT) {
                    complaintsFound++;
                }
            }
        }
        int agree = byFamily.values().stream().mapToInt(a -> a[0]).sum();
        int total = byFamily.values().stream().mapToInt(a -> a[1]).sum();
        System.out.println("Per family:");
        byFamily.forEach((k, v) -> System.out.printf("  %-26s %3d/%-3d %5.1f%%%n", k, v[0], v[1], 100.0 * v[0] / v[1]));
        System.out.println("Per reference reason:");
        byReason.forEach((k, v) -> System.out.printf("  %-26s %3d/%-3d %5.1f%%%n", k, v[0], v[1], 100.0 * v[0] / v[1]));
        System.out.println("Disagreements:");
        disagreements.forEach(d -> System.out.println("  " + d));
        if (missing > 0) {
            System.out.println("(" + missing + " expected file(s) not in the corpus directory, skipped)");
        }
        System.out.printf("Complaints recognised: %d/%d%n", complaintsFound, complaints);
        System.out.printf("Parse time: %.2f ms per message on average%n", nanos / 1e6 / Math.max(1, total));
        System.out.printf("Overall agreement: %d/%d = %.1f%%%n", agree, total, 100.0 * agree / Math.max(1, total));
    }
}
