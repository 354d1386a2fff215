import java.util.regex.Pattern;

import com.verdictdigest.bounces.Bounce;
import com.verdictdigest.bounces.BounceParser;
import com.verdictdigest.bounces.HostileBounces;

/**
 * Parse time of the hostile bounces (HostileBounces: the 40 KB "address(es) failed:" and
 * newlines, and each former offender's worst case at 100 KB), best of 5 after a warm-up, with the
 * reason each gets; then, for contrast, the former Exim pattern alone on 2, 4 and 8 KB of the same
 * input (it was cubic: the 40 KB case took minutes).
 */
public class BounceHostileBench {

    public static void main(String[] args) throws Exception {
        BounceParser parser = new BounceParser("verdicts.example.com");
        for (int i = 0; i < 20; i++) {
            for (HostileBounces h : HostileBounces.values()) {
                parser.parse(h.message());
            }
        }
        for (HostileBounces h : HostileBounces.values()) {
            byte[] raw = h.message();
            long best = Long.MAX_VALUE;
            Bounce b = null;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                b = parser.parse(raw);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%-26s %4d KB  %7.2f ms  %s %s%n", h, raw.length / 1024, best / 1e6, b.kind().label(), b.reason().label());
        }
        Pattern oldExim = Pattern.compile(
                "address(?:\\(es\\))? failed:\\s*\\n\\s*\\n?\\s*<?([^<>\\s]+@[^<>\\s:]+)>?", Pattern.CASE_INSENSITIVE);
        for (int kb : new int[] {2, 4, 8}) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < kb * 1024) {
                sb.append("address(es) failed:\n\n");
            }
            long t0 = System.nanoTime();
            oldExim.matcher(sb).find();
            System.out.printf("former EXIM_RECIPIENT pattern alone on %d KB: %8.1f ms%n", kb, (System.nanoTime() - t0) / 1e6);
        }
    }
}
