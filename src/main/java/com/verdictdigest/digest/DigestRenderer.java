package com.verdictdigest.digest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.verdictdigest.digest.CompiledTemplate.CommunitySlot;
import com.verdictdigest.digest.CompiledTemplate.Gate;
import com.verdictdigest.digest.CompiledTemplate.Node;
import com.verdictdigest.digest.CompiledTemplate.SlotNode;
import com.verdictdigest.digest.CompiledTemplate.Text;
import com.verdictdigest.digest.CompiledTemplate.VoteSlot;
import com.verdictdigest.digest.RenderedIssue.VoteKey;
import com.verdictdigest.mail.SplicedText;
import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.votes.VoteLinks;
import org.springframework.stereotype.Service;

/**
 * Renders an issue: FreeMarker runs once per issue ({@link #renderShared}, cached), and each
 * recipient's copy is spliced from the pre-rendered parts ({@link #personalise}): slots filled
 * (greeting, links, the reader's vote links), comparisons outside the recipient's categories
 * left out. Safe to call from many threads.
 */
@Service
public class DigestRenderer {

    public static final String HTML_TEMPLATE = "email/digest.ftlh";
    public static final String TEXT_TEMPLATE = "email/digest.ftl";

    /** Marks a test copy's view-online link: the archive page then says it is one, before the issue is out. */
    public static final String TEST_COPY_PARAMETER = "test-copy";

    private static final int CACHE_SIZE = 8;

    /** The model of the issue-wide part of the templates. */
    public record IssueModel(int number, String subject, String editorNote, String window, String viewOnlineUrl) {
    }

    /** The model of the site-wide part of the templates. */
    public record SiteModel(String name, String homeUrl, String subscribeUrl, String archiveUrl,
                            String postalAddress) {
    }

    private final EmailTemplates templates;
    private final SiteProperties site;
    private final DigestProperties properties;
    private final Map<IssueSnapshot, RenderedIssue> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<IssueSnapshot, RenderedIssue> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    public DigestRenderer(EmailTemplates templates, SiteProperties site, DigestProperties properties) {
        this.templates = templates;
        this.site = site;
        this.properties = properties;
    }

    /** The shared render of an issue; the same snapshot is rendered once (and lint run once). */
    public RenderedIssue renderShared(IssueSnapshot snapshot) {
        RenderedIssue cached = cache.get(snapshot);
        if (cached != null) {
            return cached;
        }
        RenderedIssue fresh = render(snapshot);
        cache.put(snapshot, fresh);
        return fresh;
    }

    /** A sample subscriber: what the editor's preview and lint show; its vote links count nothing. */
    public Reader sampleReader() {
        return new Reader("reader@example.com", "Reader",
                site.publicUrl() + "/unsubscribe/" + com.verdictdigest.subscribers.SubscriberLinks.TEST_COPY_TOKEN,
                site.publicUrl() + "/preferences/" + com.verdictdigest.subscribers.SubscriberLinks.TEST_COPY_TOKEN, Set.of(), false,
                previewBallot());
    }

    /** The vote links of previews and test copies: their page says so and counts nothing. */
    public Ballot previewBallot() {
        String preview = site.publicUrl() + VoteLinks.PATH + VoteLinks.PREVIEW_TOKEN;
        return (comparison, tool) -> new String[] {preview, preview};
    }

    public String viewOnlineUrl(int number) {
        return site.publicUrl() + "/archive/" + number;
    }

    private RenderedIssue render(IssueSnapshot s) {
        Marks marks = new Marks();
        List<DigestView.Card> cards = s.comparisons().stream().map(c -> DigestView.card(c, site)).toList();
        List<DigestView.ToolCard> tools = s.newTools().stream().map(t -> DigestView.toolCard(t, site)).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("issue", new IssueModel(s.number(), s.subject(), blankToNull(s.editorNote()),
                DigestView.windowLabel(s, properties.timeZone()), viewOnlineUrl(s.number())));
        model.put("site", new SiteModel(site.name(), site.publicUrl() + "/", site.publicUrl() + "/subscribe",
                site.publicUrl() + "/archive", blankToNull(site.postalAddress())));
        model.put("comparisons", cards);
        model.put("newTools", tools);
        model.put("readersSaid", DigestView.readersSaid(s.readersSaid(), site));
        model.put("mk", marks);
        CompiledTemplate html = CompiledTemplate.compile(templates.render(HTML_TEMPLATE, model), marks);
        CompiledTemplate text = CompiledTemplate.compile(templates.render(TEXT_TEMPLATE, model), marks);

        List<VoteKey> voteKeys = s.comparisons().stream()
                .map(c -> new VoteKey(c.id(), c.a().tool().id(), c.b().tool().id())).toList();
        RenderedIssue partial = new RenderedIssue(s.number(), s.subject(), html, text,
                cards.stream().map(DigestView.Card::title).toList(),
                cards.stream().map(DigestView.Card::categories).toList(),
                tools.stream().map(DigestView.ToolCard::name).toList(),
                tools.stream().map(DigestView.ToolCard::categories).toList(), voteKeys, viewOnlineUrl(s.number()),
                escape(viewOnlineUrl(s.number())), null, null, null);
        Reader sample = sampleReader();
        PersonalMessage m = personalise(partial, sample);
        LintReport lint = DigestLint.check(s.subject(), m.html(), m.text(),
                List.of(sample.unsubscribeUrl(), sample.preferencesUrl()));
        return new RenderedIssue(partial.number(), partial.subject(), html, text, partial.comparisonTitles(),
                partial.comparisonCategories(), partial.toolNames(), partial.toolCategories(), voteKeys, partial.viewOnline(),
                partial.viewOnlineHtml(), m.html(), m.text(), lint);
    }

    /** One subscriber's copy: string splicing only. */
    public PersonalMessage personalise(RenderedIssue issue, Reader r) {
        requireHttp(r.unsubscribeUrl(), "unsubscribeUrl");
        requireHttp(r.preferencesUrl(), "preferencesUrl");
        Set<String> wanted = r.categories().isEmpty() ? Set.of()
                : r.categories().stream().map(DigestView::categoryKey).collect(Collectors.toSet());
        boolean[] comps = visible(issue.comparisonCategories(), wanted);
        boolean[] tools = visible(issue.toolCategories(), wanted);
        int count = count(comps) + count(tools);
        String preheader = preheader(issue, comps, tools);
        String greeting = greeting(r.name());
        String email = clean(r.email());

        // A test copy's link says so (the archive explains a test copy of an issue not out yet).
        String viewOnline = r.testCopy() ? issue.viewOnline() + "?" + TEST_COPY_PARAMETER : issue.viewOnline();
        String viewOnlineHtml = r.testCopy() ? escape(viewOnline) : issue.viewOnlineHtml();
        VoteUrls votes = r.ballot() == null ? null : new VoteUrls(issue.voteKeys(), r.ballot());

        Ctx text = new Ctx(comps, tools, false, r.testCopy(), new String[] {greeting, email, r.unsubscribeUrl(),
                r.preferencesUrl(), preheader, viewOnline}, votes, false, null);
        SplicedText textOut = write(issue.text(), text);
        SplicedText htmlOut = null;
        if (!r.textOnly()) {
            Ctx html = new Ctx(comps, tools, false, r.testCopy(), new String[] {escape(greeting), escape(email),
                    escape(r.unsubscribeUrl()), escape(r.preferencesUrl()), escape(preheader), viewOnlineHtml}, votes,
                    true, null);
            htmlOut = write(issue.html(), html);
        }
        return new PersonalMessage(issue.subject(), htmlOut, textOut, preheader, count);
    }

    /** The public copy for the archive: every item, no personal links, no greeting by name. */
    public String renderArchiveHtml(RenderedIssue issue) {
        return renderArchiveHtml(issue, null);
    }

    /**
     * As {@link #renderArchiveHtml(RenderedIssue)}, with the readers' figures of each comparison
     * ({@code community[i]}, plain text, for comparison i) in its card.
     */
    public String renderArchiveHtml(RenderedIssue issue, List<String> community) {
        boolean[] comps = visible(issue.comparisonCategories(), Set.of());
        boolean[] tools = visible(issue.toolCategories(), Set.of());
        String preheader = escape(preheader(issue, comps, tools));
        String[] lines = community == null ? null : community.stream().map(DigestRenderer::escape).toArray(String[]::new);
        return write(issue.html(), new Ctx(comps, tools, true, false, new String[] {"Hello,", "", "", "", preheader,
                issue.viewOnlineHtml()}, null, true, lines)).toString();
    }

    /**
     * @param votes     the reader's vote links (shared by the text and HTML pass of one copy); null: none
     * @param community per comparison, the archive's line of readers' figures (escaped); null: none
     */
    private record Ctx(boolean[] comparisons, boolean[] tools, boolean archive, boolean testCopy, String[] slots,
                       VoteUrls votes, boolean html, String[] community) {
    }

    /**
     * A reader's vote URLs, made on first use: only for the comparisons their copy shows, one
     * ballot call (one MAC) per tool, shared by the text and the HTML part.
     */
    private static final class VoteUrls {
        private final List<VoteKey> keys;
        private final Ballot ballot;
        private final String[] plain;
        private String[] html;

        VoteUrls(List<VoteKey> keys, Ballot ballot) {
            this.keys = keys;
            this.ballot = ballot;
            this.plain = new String[keys.size() * 4];
        }

        String get(int comparison, int side, boolean skip, boolean forHtml) {
            int pair = comparison * 4 + side * 2;
            if (plain[pair] == null) {
                VoteKey key = keys.get(comparison);
                String[] urls = ballot.urls(key.comparisonId(), key.tool(side));
                for (String u : urls) {
                    if (!u.startsWith("http://") && !u.startsWith("https://")) {
                        throw new IllegalArgumentException("a vote link must be an absolute http(s) URL: " + u);
                    }
                }
                plain[pair] = urls[0];
                plain[pair + 1] = urls[1];
            }
            int i = pair + (skip ? 1 : 0);
            if (!forHtml) {
                return plain[i];
            }
            if (html == null) {
                html = new String[plain.length];
            }
            if (html[i] == null) {
                html[i] = escape(plain[i]);
            }
            return html[i];
        }
    }

    private static SplicedText write(CompiledTemplate t, Ctx ctx) {
        SplicedText.Builder out = SplicedText.builder();
        write(t.nodes, out, ctx);
        return out.build();
    }

    private static void write(List<Node> nodes, SplicedText.Builder out, Ctx ctx) {
        for (Node n : nodes) {
            if (n instanceof Text t) {
                out.shared(t.text());
            } else if (n instanceof SlotNode s) {
                out.personal(ctx.slots()[s.slot().ordinal()]);
            } else if (n instanceof VoteSlot v) {
                out.personal(ctx.votes() == null ? "" : ctx.votes().get(v.comparison(), v.side(), v.skip(), ctx.html()));
            } else if (n instanceof CommunitySlot c) {
                out.personal(ctx.community() == null ? "" : ctx.community()[c.comparison()]);
            } else if (n instanceof Gate g && shown(g, ctx)) {
                write(g.children(), out, ctx);
            }
        }
    }

    private static boolean shown(Gate g, Ctx ctx) {
        return switch (g.kind()) {
            case COMPARISON -> ctx.comparisons()[g.index()];
            case TOOL -> ctx.tools()[g.index()];
            case PERSONAL -> !ctx.archive();
            case ARCHIVE -> ctx.archive();
            case SUBSCRIBER -> !ctx.archive() && !ctx.testCopy();
            case TEST_COPY -> ctx.testCopy();
            case VOTES -> !ctx.archive() && ctx.votes() != null;
            case SECTION -> anyShown(g.comparisons(), ctx.comparisons()) || anyShown(g.tools(), ctx.tools());
        };
    }

    private static boolean anyShown(int[] indexes, boolean[] shown) {
        for (int i : indexes) {
            if (shown[i]) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] visible(List<Set<String>> itemCategories, Set<String> wanted) {
        boolean[] v = new boolean[itemCategories.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = wanted.isEmpty() || !Collections.disjoint(itemCategories.get(i), wanted);
        }
        return v;
    }

    private static int count(boolean[] v) {
        int n = 0;
        for (boolean b : v) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** The inbox preview line: the first verdicts this copy shows. */
    static String preheader(RenderedIssue issue, boolean[] comps, boolean[] tools) {
        List<String> titles = new ArrayList<>(2);
        int shown = 0;
        for (int i = 0; i < comps.length; i++) {
            if (comps[i]) {
                if (titles.size() < 2) {
                    titles.add(issue.comparisonTitles().get(i));
                }
                shown++;
            }
        }
        if (shown > 0) {
            String head = String.join(", ", titles);
            return shown > titles.size() ? head + " and " + (shown - titles.size()) + " more verdicts"
                    : head + (shown == 1 ? ": the panel's verdict" : ": the panel's verdicts");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tools.length; i++) {
            if (tools[i]) {
                names.add(issue.toolNames().get(i));
            }
        }
        return names.isEmpty() ? "Nothing new in your categories this week" : "New tools: " + String.join(", ", names);
    }

    private static String greeting(String name) {
        String n = clean(name);
        return n.isEmpty() ? "Hi there," : "Hi " + n + ",";
    }

    /** Control characters (CR/LF included) never reach a copy from a subscriber's data. */
    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }

    private static void requireHttp(String url, String field) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))
                || url.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("Reader." + field + " must be an absolute http(s) URL without spaces: "
                    + url);
        }
    }

    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            String rep = switch (s.charAt(i)) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(s.charAt(i));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
