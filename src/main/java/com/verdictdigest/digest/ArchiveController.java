package com.verdictdigest.digest;

import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.system.SiteProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public archive of issues that went out: the list, each issue as the view-online page (the
 * mail without personal links, with the readers' current votes on each comparison), and an Atom
 * feed. An issue is public from its first mail (a local-time send's first wave: its readers follow
 * "view online" while later waves wait).
 */
@Controller
public class ArchiveController {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    public record ArchiveRow(int number, String subject, String sentOn) {
    }

    private final DigestIssues issues;
    private final DigestRenderer renderer;
    private final DigestProperties properties;
    private final SiteProperties site;
    private final CommunityFigures community;

    ArchiveController(DigestIssues issues, DigestRenderer renderer, DigestProperties properties, SiteProperties site,
                      CommunityFigures community) {
        this.issues = issues;
        this.renderer = renderer;
        this.properties = properties;
        this.site = site;
        this.community = community;
    }

    @GetMapping("/archive")
    String list(Model model) {
        model.addAttribute("issues", issues.published(500).stream()
                .map(i -> new ArchiveRow(i.number(), i.subject(), DAY.format(i.publishedAt().atZone(properties.timeZone()))))
                .toList());
        return "web/archive";
    }

    @GetMapping(value = "/archive/{number}", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    Object issue(@PathVariable int number,
                 @org.springframework.web.bind.annotation.RequestParam(name = DigestRenderer.TEST_COPY_PARAMETER, required = false) String testCopy) {
        Issue issue = issues.find(number).filter(DigestIssues::isPublic).orElse(null);
        if (issue == null) {
            if (testCopy != null) {
                // A test copy's "View online", before the issue is out: say so instead of "not found".
                return new org.springframework.web.servlet.ModelAndView("web/archive-test-copy", java.util.Map.of("number", number));
            }
            throw new NoSuchIssueException(number); // not public before it went out
        }
        IssueSnapshot snapshot = issues.snapshot(issue.number());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .body(asWebPage(renderer.renderArchiveHtml(renderer.renderShared(snapshot), readersLines(snapshot))));
    }

    /**
     * The archive copy is the mail itself; as a web page it also gets a {@code main} landmark
     * around the mail and a way back to the archive above it.
     */
    static String asWebPage(String mailHtml) {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(mailHtml);
        page.outputSettings().prettyPrint(false);
        org.jsoup.nodes.Element body = page.body();
        org.jsoup.nodes.Element main = new org.jsoup.nodes.Element("main").attr("id", "main");
        for (org.jsoup.nodes.Node n : new java.util.ArrayList<>(body.childNodes())) {
            main.appendChild(n);
        }
        body.appendElement("nav").attr("aria-label", "Archive").attr("id", "archive-nav")
                .attr("style", "max-width:600px;margin:0 auto;padding:12px 24px 0 24px;"
                        + "font:15px/22px -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;")
                .html("<a href=\"/archive\" class=\"vd-link\" style=\"color:#3b4cca;\">&larr; All issues</a> &middot; "
                        + "<a href=\"/subscribe\" class=\"vd-link\" style=\"color:#3b4cca;\">Get it every week</a>");
        body.appendChild(main);
        return page.outerHtml();
    }

    /** Per comparison, "Mixtral 8x24B 75% ship (3 ship, 1 skip) · Codestral 2.1 no votes yet": the figures now. */
    private List<String> readersLines(IssueSnapshot snapshot) {
        var figures = community.of(snapshot.comparisons().stream().map(Comparison::id).toList());
        return snapshot.comparisons().stream().map(c -> {
            Community a = CommunityFigures.get(figures, c, c.a());
            Community b = CommunityFigures.get(figures, c, c.b());
            return c.a().tool().name() + " " + a.summary() + " · " + c.b().tool().name() + " " + b.summary();
        }).toList();
    }

    @GetMapping(value = "/archive/feed.atom")
    ResponseEntity<String> feed() throws XMLStreamException {
        List<Issue> sent = issues.published(50);
        StringWriter out = new StringWriter();
        XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeStartElement("feed");
        x.writeDefaultNamespace(ATOM);
        element(x, "title", site.name());
        element(x, "id", site.publicUrl() + "/archive");
        Instant updated = sent.stream().map(Issue::publishedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
        element(x, "updated", updated.toString());
        link(x, "self", site.publicUrl() + "/archive/feed.atom", "application/atom+xml");
        link(x, "alternate", site.publicUrl() + "/archive", "text/html");
        x.writeStartElement("author");
        element(x, "name", site.name());
        x.writeEndElement();
        for (Issue i : sent) {
            IssueSnapshot s = issues.snapshot(i.number());
            x.writeStartElement("entry");
            element(x, "title", i.subject());
            element(x, "id", renderer.viewOnlineUrl(i.number()));
            element(x, "updated", i.publishedAt().toString());
            link(x, "alternate", renderer.viewOnlineUrl(i.number()), "text/html");
            StringBuilder summary = new StringBuilder();
            s.comparisons().forEach(c -> summary.append(summary.isEmpty() ? "" : "; ").append(c.title()));
            s.newTools().forEach(t -> summary.append(summary.isEmpty() ? "New: " : "; New: ").append(t.tool().name()));
            element(x, "summary", summary.toString());
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeEndDocument();
        x.close();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
                .body(out.toString());
    }

    private static void element(XMLStreamWriter x, String name, String text) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(stripInvalidXml(text));
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String rel, String href, String type) throws XMLStreamException {
        x.writeEmptyElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("type", type);
        x.writeAttribute("href", href);
    }

    /** XML 1.0 cannot carry most control characters, even escaped. */
    private static String stripInvalidXml(String s) {
        return s.replaceAll("[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]", "");
    }
}
