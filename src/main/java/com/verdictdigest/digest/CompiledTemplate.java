package com.verdictdigest.digest;

import java.util.ArrayList;
import java.util.List;

/**
 * A shared render cut at its {@link Marks} into static text, per-recipient slots and gates, so a
 * recipient's copy is string concatenation: no template engine, no parsing.
 */
public final class CompiledTemplate {

    enum GateKind { COMPARISON, TOOL, SECTION, PERSONAL, ARCHIVE, SUBSCRIBER, TEST_COPY, VOTES }

    enum Slot { GREETING, EMAIL, UNSUBSCRIBE, PREFERENCES, PREHEADER, VIEWONLINE }

    sealed interface Node permits Text, SlotNode, VoteSlot, CommunitySlot, Gate {
    }

    record Text(String text) implements Node {
    }

    record SlotNode(Slot slot) implements Node {
    }

    /** A reader's vote link: comparison {@code comparison}, side 0 (A) or 1 (B), ship or skip. */
    record VoteSlot(int comparison, int side, boolean skip) implements Node {
    }

    /** The readers' figures of a comparison, as the archive page shows them. */
    record CommunitySlot(int comparison) implements Node {
    }

    /** For a SECTION: the comparisons and tools inside it, any one of which shows it. */
    record Gate(GateKind kind, int index, List<Node> children, int[] comparisons, int[] tools) implements Node {
    }

    final List<Node> nodes;

    private CompiledTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    static CompiledTemplate compile(String rendered, Marks marks) {
        Parser p = new Parser(rendered, marks.prefix());
        List<Node> nodes = p.parse(null, -1);
        return new CompiledTemplate(List.copyOf(nodes));
    }

    private static final class Parser {
        private final String s;
        private final String prefix;
        private int pos;

        Parser(String s, String prefix) {
            this.s = s;
            this.prefix = prefix;
        }

        /** Parses until the matching end token (or the end of input for the top level). */
        List<Node> parse(GateKind open, int openIndex) {
            List<Node> out = new ArrayList<>();
            while (true) {
                int at = s.indexOf(prefix, pos);
                if (at < 0) {
                    if (open != null) {
                        throw new IllegalStateException("template gate " + open + " " + openIndex + " is never closed");
                    }
                    addText(out, s.substring(pos));
                    pos = s.length();
                    return out;
                }
                addText(out, s.substring(pos, at));
                int cmdStart = at + prefix.length();
                int cmdEnd = s.indexOf('_', cmdStart);
                if (cmdEnd < 0) {
                    throw new IllegalStateException("broken template mark at offset " + at);
                }
                String cmd = s.substring(cmdStart, cmdEnd);
                pos = cmdEnd + 1;
                if (cmd.equals("x")) {
                    if (open == null) {
                        throw new IllegalStateException("template mark end() without an opening mark at offset " + at);
                    }
                    return out;
                }
                switch (cmd.charAt(0)) {
                    case 'p' -> out.add(new SlotNode(slot(cmd.substring(1))));
                    case 'o' -> out.add(gate(cmd));
                    case 'v' -> out.add(vote(cmd));
                    case 'c' -> out.add(new CommunitySlot(Integer.parseInt(cmd.substring(1))));
                    default -> throw new IllegalStateException("unknown template mark " + cmd);
                }
            }
        }

        /** "v12as": comparison 12, side A, ship ("k": skip). */
        private static VoteSlot vote(String cmd) {
            int n = cmd.length();
            return new VoteSlot(Integer.parseInt(cmd.substring(1, n - 2)), cmd.charAt(n - 2) == 'a' ? 0 : 1,
                    cmd.charAt(n - 1) == 'k');
        }

        private Gate gate(String cmd) {
            GateKind kind = switch (cmd.charAt(1)) {
                case 'c' -> GateKind.COMPARISON;
                case 't' -> GateKind.TOOL;
                case 's' -> GateKind.SECTION;
                case 'p' -> GateKind.PERSONAL;
                case 'a' -> GateKind.ARCHIVE;
                case 'r' -> GateKind.SUBSCRIBER;
                case 'e' -> GateKind.TEST_COPY;
                case 'v' -> GateKind.VOTES;
                default -> throw new IllegalStateException("unknown template mark " + cmd);
            };
            int index = cmd.length() > 2 ? Integer.parseInt(cmd.substring(2)) : -1;
            List<Node> children = parse(kind, index);
            List<Integer> comps = new ArrayList<>();
            List<Integer> tools = new ArrayList<>();
            collect(children, comps, tools);
            return new Gate(kind, index, List.copyOf(children),
                    comps.stream().mapToInt(Integer::intValue).toArray(),
                    tools.stream().mapToInt(Integer::intValue).toArray());
        }

        private static void collect(List<Node> nodes, List<Integer> comps, List<Integer> tools) {
            for (Node n : nodes) {
                if (n instanceof Gate g) {
                    if (g.kind() == GateKind.COMPARISON) {
                        comps.add(g.index());
                    } else if (g.kind() == GateKind.TOOL) {
                        tools.add(g.index());
                    }
                    collect(g.children(), comps, tools);
                }
            }
        }

        private static Slot slot(String name) {
            return switch (name) {
                case "greeting" -> Slot.GREETING;
                case "email" -> Slot.EMAIL;
                case "unsubscribe" -> Slot.UNSUBSCRIBE;
                case "preferences" -> Slot.PREFERENCES;
                case "preheader" -> Slot.PREHEADER;
                case "viewonline" -> Slot.VIEWONLINE;
                default -> throw new IllegalStateException("unknown template slot " + name
                        + " (known: greeting, email, unsubscribe, preferences, preheader, viewonline)");
            };
        }

        private static void addText(List<Node> out, String text) {
            if (!text.isEmpty()) {
                out.add(new Text(text));
            }
        }
    }
}
