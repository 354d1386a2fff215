package com.verdictdigest.subscribers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import com.verdictdigest.subscribers.SubscriberRepository.Row;
import com.verdictdigest.subscribers.SubscriberImport.LineReport;
import com.verdictdigest.subscribers.SubscriberImport.Summary;
import com.verdictdigest.system.Confirmation;
import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.Times;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.ModelAttribute;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The subscriber admin pages (role ADMIN, enforced for /admin/** by the security config). */
@Controller
@RequestMapping("/admin")
class SubscriberAdminController {

    /** Lines of an import report shown on the page; the CLI prints all of them. */
    static final int REPORT_LINES_SHOWN = 1000;

    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SubscriberRepository repository;
    private final SubscriberAdmin admin;
    private final SubscriberImport importer;
    private final SubscriberExport export;
    private final Erasure erasure;
    private final SubscriberGrowth growth;
    private final SubscriberAdminProperties properties;
    private final Clock clock;
    private final Path uploads;
    private final Path exports;

    /** An upload whose dry run was never followed by its import is deleted after this. */
    static final java.time.Duration UPLOAD_TTL = java.time.Duration.ofHours(1);
    /** A server-side export never downloaded is deleted after this. */
    static final java.time.Duration EXPORT_TTL = java.time.Duration.ofDays(1);
    private static final java.util.regex.Pattern EXPORT_NAME = java.util.regex.Pattern.compile("subscribers-[a-z0-9.@_-]+-\\d{8}-\\d{6}\\.csv");
    private final ZoneId zone;
    private final String echartsVersion;

    SubscriberAdminController(SubscriberRepository repository, SubscriberAdmin admin, SubscriberImport importer,
                              SubscriberExport export, Erasure erasure, SubscriberGrowth growth,
                              SubscriberAdminProperties properties, Clock clock, PersonalDataFiles files,
                              SiteProperties site) throws IOException {
        this.repository = repository;
        this.admin = admin;
        this.importer = importer;
        this.export = export;
        this.erasure = erasure;
        this.growth = growth;
        this.properties = properties;
        this.clock = clock;
        // Personal data: only in the data directory's private (0700) directories, where an erasure looks.
        this.uploads = files.uploads();
        this.exports = files.exports();
        deleteStale(uploads, UPLOAD_TTL);
        deleteStale(exports, EXPORT_TTL);
        this.zone = site.timeZone();
        this.echartsVersion = webjarVersion("echarts");
    }

    /** The admin pages show times in the site's zone (verdict.site.time-zone). */
    @ModelAttribute("when")
    Times when() {
        return new Times(zone);
    }

    @GetMapping
    String home() {
        return "redirect:/admin/subscribers";
    }

    // ---- list

    /**
     * Newest first, or by status, or by time zone (with or without a status); a search goes by
     * address or name prefix, or by domain, in that order (the zone filter does not apply to a
     * search). Every page continues from the previous page's last row (keyset), never from an offset.
     */
    @GetMapping("/subscribers")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "address") String in, @RequestParam(required = false) Long before,
                @RequestParam(required = false) String after, @RequestParam(required = false) Long afterId,
                @RequestParam(required = false) String zone, Model model) {
        SubscriberFilter filter = filter(status, q, in, zone);
        SubscriberFilter.Cursor cursor = new SubscriberFilter.Cursor(before == null ? Long.MAX_VALUE : before,
                after == null ? "" : after, afterId == null ? 0 : afterId);
        int size = properties.pageSize();
        List<Row> rows = filter.page(repository, cursor, size);
        model.addAttribute("rows", rows);
        model.addAttribute("counts", countsByName());
        model.addAttribute("statuses", statusNames());
        model.addAttribute("status", filter.status() == null ? "" : filter.status().dbValue());
        model.addAttribute("q", q == null ? "" : q.strip());
        model.addAttribute("searchIn", filter.by().param());
        model.addAttribute("filter", filter.query());
        model.addAttribute("searching", filter.searching());
        model.addAttribute("next", rows.size() == size ? filter.cursorQuery(filter.after(rows.get(rows.size() - 1))) : null);
        model.addAttribute("zone", filter.zone());
        model.addAttribute("timeZones", ReaderTimeZones.choices());
        model.addAttribute("unknownZone", SubscriberFilter.UNKNOWN_ZONE);
        model.addAttribute("firstPage", before != null || after != null);
        return "web/admin/subscribers";
    }

    private static SubscriberFilter filter(String status, String q, String in, String zone) {
        try {
            return SubscriberFilter.of(status, q, in, zone);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private Map<String, Long> countsByName() {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (var e : repository.countByStatus().entrySet()) {
            counts.put(e.getKey().dbValue(), e.getValue());
            total += e.getValue();
        }
        counts.put("all", total);
        return counts;
    }

    private static List<String> statusNames() {
        return java.util.Arrays.stream(SubscriberStatus.values()).map(SubscriberStatus::dbValue).toList();
    }

    // ---- one subscriber

    @GetMapping("/subscribers/{id}")
    String subscriber(@PathVariable long id, Model model) {
        var d = repository.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such subscriber"));
        model.addAttribute("s", d);
        model.addAttribute("events", repository.findEvents(id));
        model.addAttribute("tokens", repository.findTokens(id));
        model.addAttribute("suppression", repository.findSuppression(d.address().hash()).orElse(null));
        return "web/admin/subscriber";
    }

    @PostMapping("/subscribers/{id}/resend")
    String resend(@PathVariable long id, RedirectAttributes flash) {
        try {
            admin.resendConfirmation(id);
            flash.addFlashAttribute("message", "Confirmation mail sent.");
        } catch (OptInMailer.RefusedException e) {
            flash.addFlashAttribute("error", "Not sent: " + e.getMessage() + ".");
        }
        return "redirect:/admin/subscribers/" + id;
    }

    @PostMapping("/subscribers/{id}/suppress")
    String suppress(@PathVariable long id, @RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
                    Principal who, Model model, RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            var d = repository.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such subscriber"));
            return new Confirmation("Suppress " + d.email() + "? This address is never mailed again.",
                    "/admin/subscribers/" + id + "/suppress", Map.of(), "Suppress", "/admin/subscribers/" + id, true).ask(model);
        }
        admin.suppress(id, who.getName());
        flash.addFlashAttribute("message", "Suppressed: this address is never mailed again.");
        return "redirect:/admin/subscribers/" + id;
    }

    @PostMapping("/subscribers/{id}/erase")
    String erase(@PathVariable long id, @RequestParam(required = false) String confirm, Principal who, RedirectAttributes flash) {
        if (!"erase".equals(confirm)) {
            flash.addFlashAttribute("error", "Type erase to confirm the erasure.");
            return "redirect:/admin/subscribers/" + id;
        }
        if (!erasure.erase(id, who.getName())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such subscriber");
        }
        flash.addFlashAttribute("message", "Subscriber " + id + " erased; only the address's hash stays on the suppression list.");
        return "redirect:/admin/subscribers";
    }

    @GetMapping(value = "/subscribers/{id}/export.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> personalData(@PathVariable long id) {
        Map<String, Object> json = export.personalData(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such subscriber"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"subscriber-" + id + ".json\"")
                .body(json);
    }

    // ---- CSV export: the list as filtered on the page (status and search)

    @GetMapping("/subscribers/export.csv")
    void exportCsv(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                   @RequestParam(required = false) String in, @RequestParam(required = false) String zone,
                   HttpServletResponse response) throws IOException {
        SubscriberFilter filter = filter(status, q, in, zone);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + exportName(filter) + "\"");
        Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        export.writeCsv(filter, w);
        w.flush();
    }

    @PostMapping("/subscribers/export")
    String exportToServer(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                          @RequestParam(required = false) String in, @RequestParam(required = false) String zone,
                          RedirectAttributes flash) throws IOException {
        SubscriberFilter filter = filter(status, q, in, zone);
        deleteStale(exports, EXPORT_TTL);
        String name = exportName(filter);
        Path file = exports.resolve(name);
        long n;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            n = export.writeCsv(filter, w);
        }
        flash.addFlashAttribute("message", "Saved " + n + " subscribers to " + file + " on the server: download it from "
                + "/admin/subscribers/exports/" + name + " (deleted once downloaded, or after " + EXPORT_TTL.toHours() + " hours).");
        flash.addFlashAttribute("exportLink", "/admin/subscribers/exports/" + name);
        return "redirect:/admin/subscribers?" + filter.query();
    }

    /** A server-side export, once: the file is deleted when it has been sent. */
    @GetMapping("/subscribers/exports/{name}")
    void downloadExport(@PathVariable String name, HttpServletResponse response) throws IOException {
        Path file = exports.resolve(name);
        if (!EXPORT_NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such export (each is deleted once downloaded)");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.setContentLengthLong(Files.size(file));
        Files.copy(file, response.getOutputStream());
        response.flushBuffer();
        Files.deleteIfExists(file);
    }

    private String exportName(SubscriberFilter filter) {
        return "subscribers-" + filter.describe() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant()) + ".csv";
    }

    // ---- CSV import: upload, dry run, then import the same upload

    @GetMapping("/subscribers/import")
    String importForm(Model model) {
        model.addAttribute("columns", SubscriberImport.COLUMNS);
        return "web/admin/import";
    }

    @PostMapping("/subscribers/import")
    String upload(@RequestParam("file") MultipartFile file, Principal who, Model model) throws IOException {
        if (file.isEmpty()) {
            model.addAttribute("columns", SubscriberImport.COLUMNS);
            model.addAttribute("error", "Choose a CSV file first.");
            return "web/admin/import";
        }
        deleteStale(uploads, UPLOAD_TTL);
        String uploadId = Tokens.newToken();
        try (InputStream in = file.getInputStream()) {
            Files.copy(in, uploads.resolve(uploadId + ".csv"));
        }
        String name = safeName(file.getOriginalFilename());
        String view = runImport(uploadId, name, true, who, model);
        if (model.getAttribute("uploadId") == null) {
            Files.deleteIfExists(uploads.resolve(uploadId + ".csv")); // nothing to import: keep no personal data
        }
        return view;
    }

    /** A whole number of days, hours or minutes in words: "an hour", "3 hours", "a day", "90 minutes". */
    static String inWords(java.time.Duration d) {
        if (d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toDays() > 0) {
            return d.toDays() == 1 ? "a day" : d.toDays() + " days";
        }
        if (d.toMinutesPart() == 0 && d.toHours() > 0) {
            return d.toHours() == 1 ? "an hour" : d.toHours() + " hours";
        }
        return d.toMinutes() == 1 ? "a minute" : d.toMinutes() + " minutes";
    }

    /** Files with personal data left behind (a dry run never imported, an export never downloaded). */
    private void deleteStale(Path dir, java.time.Duration ttl) throws IOException {
        java.nio.file.attribute.FileTime cutoff = java.nio.file.attribute.FileTime.from(clock.instant().minus(ttl));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(cutoff) < 0) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @PostMapping("/subscribers/import/{uploadId}")
    String importUpload(@PathVariable String uploadId, @RequestParam(required = false) String name, Principal who,
                        HttpServletResponse response, Model model) throws IOException {
        if (!UPLOAD_ID.matcher(uploadId).matches() || !Files.isRegularFile(uploads.resolve(uploadId + ".csv"))) {
            // Imported already (a reload re-sends the form) or older than UPLOAD_TTL: say so on the page.
            response.setStatus(HttpStatus.GONE.value());
            model.addAttribute("columns", SubscriberImport.COLUMNS);
            model.addAttribute("error", "This upload is gone: it was imported already (reloading the page sends the "
                    + "form again), or its dry run is more than " + inWords(UPLOAD_TTL) + " old. Nothing was imported now; "
                    + "to import the file (again), upload it below.");
            return "web/admin/import";
        }
        try {
            return runImport(uploadId, safeName(name), false, who, model);
        } finally {
            Files.deleteIfExists(uploads.resolve(uploadId + ".csv"));
        }
    }

    private String runImport(String uploadId, String name, boolean dryRun, Principal who, Model model) throws IOException {
        List<LineReport> shown = new ArrayList<>();
        long[] hidden = {0};
        model.addAttribute("columns", SubscriberImport.COLUMNS);
        model.addAttribute("name", name);
        model.addAttribute("dryRun", dryRun);
        try (Reader r = Files.newBufferedReader(uploads.resolve(uploadId + ".csv"), StandardCharsets.UTF_8)) {
            Summary summary = importer.run(r, name, who.getName(), dryRun, line -> {
                if (shown.size() < REPORT_LINES_SHOWN) {
                    shown.add(line);
                } else {
                    hidden[0]++;
                }
            });
            model.addAttribute("summary", summary);
            model.addAttribute("uploadId", dryRun && summary.imported() > 0 ? uploadId : null);
        } catch (SubscriberImport.ImportException e) {
            model.addAttribute("error", name + ": " + e.getMessage());
        }
        model.addAttribute("report", shown);
        model.addAttribute("hidden", hidden[0]);
        return "web/admin/import";
    }

    private static String safeName(String name) {
        String base = name == null ? "upload.csv" : Path.of(name.replace('\\', '/')).getFileName().toString();
        base = base.replaceAll("[^A-Za-z0-9._ -]", "_");
        return base.isBlank() ? "upload.csv" : base.substring(0, Math.min(base.length(), 80));
    }

    // ---- growth chart

    @GetMapping("/subscribers/growth")
    String growthPage(Model model) {
        model.addAttribute("echartsVersion", echartsVersion);
        return "web/admin/growth";
    }

    @GetMapping(value = "/subscribers/growth.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> growthJson(@RequestParam(defaultValue = "90") int days) {
        if (days < 1 || days > 3660) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be 1..3660");
        }
        SubscriberGrowth.Series s = growth.lastDays(days);
        Map<String, Object> series = new LinkedHashMap<>();
        s.counts().forEach((status, values) -> series.put(status.dbValue(), values));
        return Map.of("days", s.days().stream().map(Object::toString).toList(), "series", series);
    }

    /** The version of a webjar on the classpath, so the page names the file that is really there. */
    static String webjarVersion(String artifact) throws IOException {
        try (InputStream in = SubscriberAdminController.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjar " + artifact + " is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
