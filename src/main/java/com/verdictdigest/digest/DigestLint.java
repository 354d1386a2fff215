package com.verdictdigest.digest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.verdictdigest.digest.LintReport.Finding;
import com.verdictdigest.digest.LintReport.Severity;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Checks a rendered copy the way mailbox providers and readers will meet it. Runs on every
 * render; the editor sees the findings and errors block approval.
 */
public final class DigestLint {

    /** Gmail clips messages over 102 KB; keep a margin for headers and transfer encoding. */
    public static final int MAX_HTML_BYTES = 90 * 1024;
    public static final int MAX_SUBJECT = 78;

    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{|vd[0-9a-f]{16}_");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

    private DigestLint() {
    }

    /**
     * @param requiredLinks links a subscriber's copy must contain (unsubscribe, preferences); may be empty
     */
    public static LintReport check(String subject, String html, String text, List<String> requiredLinks) {
        List<Finding> f = new ArrayList<>();
        if (subject == null || subject.isBlank()) {
            f.add(error("subject-missing", "The subject is empty."));
        } else {
            if (subject.codePointCount(0, subject.length()) > MAX_SUBJECT) {
                f.add(error("subject-long", "The subject has " + subject.codePointCount(0, subject.length())
                        + " characters; at most " + MAX_SUBJECT + " fit a header line and a mailbox list."));
            }
            if (CONTROL.matcher(subject).find()) {
                f.add(error("subject-control", "The subject contains a control character (line break or tab)."));
            }
            if (UNRESOLVED.matcher(subject).find()) {
                f.add(error("placeholder", "The subject contains an unresolved placeholder."));
            }
        }
        if (text == null || text.isBlank()) {
            f.add(error("text-missing", "There is no plain-text part."));
        } else if (UNRESOLVED.matcher(text).find()) {
            f.add(error("placeholder", "The plain text contains an unresolved placeholder near: "
                    + near(text, UNRESOLVED)));
        }
        if (html == null || html.isBlank()) {
            f.add(error("html-missing", "There is no HTML part."));
            return new LintReport(f);
        }
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_HTML_BYTES) {
            f.add(error("html-size", "The HTML is " + (bytes / 1024) + " KB; Gmail clips mail over 102 KB, "
                    + "keep it under " + (MAX_HTML_BYTES / 1024) + " KB (remove items)."));
        }
        if (UNRESOLVED.matcher(html).find()) {
            f.add(error("placeholder", "The HTML contains an unresolved placeholder near: " + near(html, UNRESOLVED)));
        }
        Document doc = Jsoup.parse(html);
        for (Element a : doc.select("a")) {
            String href = a.attr("href");
            if (!a.hasAttr("href")) {
                continue;
            }
            if (!absoluteHttp(href)) {
                f.add(error("link", "Link \"" + shorten(href) + "\" (text \"" + shorten(a.text())
                        + "\") is not an absolute http(s) URL."));
            }
        }
        for (Element img : doc.select("img")) {
            if (!img.hasAttr("alt")) {
                f.add(error("img-alt", "Image " + shorten(img.attr("src")) + " has no alt text."));
            }
            if (!absoluteHttp(img.attr("src"))) {
                f.add(error("img-src", "Image source \"" + shorten(img.attr("src")) + "\" is not an absolute http(s) URL."));
            }
        }
        if (!doc.select("script, link[rel=stylesheet], form, iframe, object, embed").isEmpty()) {
            f.add(error("unsafe-element", "The HTML contains a script, external stylesheet, form or embedded frame."));
        }
        for (String link : requiredLinks) {
            if (doc.select("a[href]").stream().noneMatch(a -> a.attr("href").equals(link))) {
                f.add(error("required-link", "The HTML lacks the link " + link + " (unsubscribe/preferences)."));
            }
            if (text != null && !text.contains(link)) {
                f.add(error("required-link", "The plain text lacks the link " + link + "."));
            }
        }
        if (doc.select("[style*=width]").stream().anyMatch(DigestLint::tooWide)) {
            f.add(warning("width", "An element is styled wider than 600 px."));
        }
        return new LintReport(f);
    }

    private static boolean tooWide(Element e) {
        var m = Pattern.compile("(?<![-\\w])width\\s*:\\s*(\\d+)px").matcher(e.attr("style"));
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) > 600) {
                return true;
            }
        }
        return false;
    }

    static boolean absoluteHttp(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String near(String s, Pattern p) {
        var m = p.matcher(s);
        if (!m.find()) {
            return "";
        }
        int from = Math.max(0, m.start() - 20);
        return shorten(s.substring(from, Math.min(s.length(), m.end() + 20)).replaceAll("\\s+", " "));
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static Finding error(String code, String message) {
        return new Finding(Severity.ERROR, code, message);
    }

    private static Finding warning(String code, String message) {
        return new Finding(Severity.WARNING, code, message);
    }
}
