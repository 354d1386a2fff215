import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import com.verdictdigest.subscribers.SubscriberRepository;
import com.verdictdigest.subscribers.SubscriberGrowth;
import com.verdictdigest.subscribers.SubscriberStatus;
import com.verdictdigest.system.DatabaseMigrations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Times the admin list's queries (the repository's own methods) on a table of N subscribers,
 * filled by one INSERT ... SELECT. Run by bench/subscriber-list; prints the median of 7 runs.
 */
public class SubscriberListBench {

    public static void main(String[] args) {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        // One connection held open, as a pool would: H2 closes a file database with its last connection.
        SingleConnectionDataSource ds = new SingleConnectionDataSource(url, System.getenv().getOrDefault("BENCH_DB_USER", "sa"),
                System.getenv().getOrDefault("BENCH_DB_PASSWORD", ""), true);
        DatabaseMigrations.migrate(ds);
        JdbcClient jdbc = JdbcClient.create(ds);
        boolean postgres = url.startsWith("jdbc:postgresql");
        String rows = postgres ? "generate_series(1, :n) as r(x)" : "system_range(1, :n) as r";
        long t0 = System.nanoTime();
        // statuses spread like a real list: mostly confirmed; names "Reader N"
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, token, created_at, updated_at)
                select 'reader' || x || '@' || case mod(x, 1000) when 7 then 'rare.example.org' else 'example.com' end,
                       'reader' || x || '@' || case mod(x, 1000) when 7 then 'rare.example.org' else 'example.com' end, 'Reader ' || x,
                       case mod(x, 10) when 0 then 'pending' when 1 then 'unsubscribed' when 2 then 'bounced' else 'confirmed' end,
                       'tok' || x, current_timestamp - (mod(x, 365) * interval '1' day), current_timestamp
                  from """ + " " + rows).param("n", n).update();
        jdbc.sql("""
                insert into subscriber_event (subscriber_id, at, kind, status_after)
                select id, created_at, 'signup', status from subscriber""").update();
        System.out.printf("Filled %,d subscribers and %,d events in %.1f s%n", n, n, (System.nanoTime() - t0) / 1e9);

        SubscriberRepository repo = new SubscriberRepository(ds);
        long middle = jdbc.sql("select min(id) + (max(id) - min(id)) / 2 from subscriber").query(Long.class).single();
        time("first page, all", () -> repo.pageNewestFirst(Long.MAX_VALUE, 50));
        time("page in the middle, all", () -> repo.pageNewestFirst(middle, 50));
        time("first page, pending", () -> repo.pageByStatus(SubscriberStatus.PENDING, Long.MAX_VALUE, 50));
        time("page in the middle, bounced", () -> repo.pageByStatus(SubscriberStatus.BOUNCED, middle, 50));
        time("search address 'reader12345' (rare)", () -> repo.searchByAddress("reader12345", "", 50));
        time("search address 'reader5' (broad)", () -> repo.searchByAddress("reader5", "", 50));
        time("search address 'reader12345' + pending", () -> repo.searchByAddressAndStatus("reader12345", SubscriberStatus.PENDING, "", 50));
        time("search address 'reader5' + pending", () -> repo.searchByAddressAndStatus("reader5", SubscriberStatus.PENDING, "", 50));
        time("search name 'reader 12345' (rare)", () -> repo.searchByName("reader 12345", "", 0, 50));
        time("search name 'reader 9' (broad)", () -> repo.searchByName("reader 9", "", 0, 50));
        time("search name 'reader 9' + bounced", () -> repo.searchByNameAndStatus("reader 9", SubscriberStatus.BOUNCED, "", 0, 50));
        time("domain 'example.com' (broad), first page", () -> repo.searchByDomain("example.com", "", 50));
        time("domain 'example.com', page after 'reader5'", () -> repo.searchByDomain("example.com", "reader5", 50));
        time("domain 'rare.example.org' (one in 1,000)", () -> repo.searchByDomain("rare.example.org", "", 50));
        time("domain 'example.com' + bounced", () -> repo.searchByDomainAndStatus("example.com", SubscriberStatus.BOUNCED, "", 50));
        time("domain 'rare.example.org' + bounced", () -> repo.searchByDomainAndStatus("rare.example.org", SubscriberStatus.BOUNCED, "", 50));
        time("counts by status", repo::countByStatus);
        time("growth chart, 90 days", () -> new SubscriberGrowth(repo, Clock.systemUTC()).lastDays(90));
    }

    static void time(String what, Supplier<?> query) {
        List<Double> ms = new ArrayList<>();
        Object last = null;
        for (int i = 0; i < 8; i++) {
            long t = System.nanoTime();
            last = query.get();
            if (i > 0) {
                ms.add((System.nanoTime() - t) / 1e6);
            }
        }
        Collections.sort(ms);
        int size = last instanceof List<?> l ? l.size() : -1;
        System.out.printf("  %-42s %8.1f ms median%s%n", what, ms.get(ms.size() / 2), size >= 0 ? " (" + size + " rows)" : "");
    }
}
