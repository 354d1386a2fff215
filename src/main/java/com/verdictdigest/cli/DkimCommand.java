package com.verdictdigest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.system.SenderProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM signing keys.",
        subcommands = DkimCommand.Keygen.class)
class DkimCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: keygen");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make a DKIM key pair (2048-bit RSA, or Ed25519) and print the DNS TXT record to publish.",
                    "Writes DIR/SELECTOR.private.pem (set verdict.delivery.dkim.key-file, or ed25519-key-file, to it), "
                            + "DIR/SELECTOR.public.pem and DIR/SELECTOR.txt (the record)."})
    static class Keygen extends SpringCommand {

        @Option(names = "--selector", required = true, description = "DNS selector, e.g. vd2026.")
        String selector;

        @Option(names = "--out", required = true, description = "Directory for the key files.")
        Path out;

        @Option(names = "--domain", description = "Signing domain (default: verdict.sender.domain).")
        String domain;

        @Option(names = "--algorithm", defaultValue = "rsa", description = "rsa (default) or ed25519: an Ed25519 key "
                + "signs besides the RSA one (RFC 8463), never instead, so it needs a selector of its own.")
        String algorithm;

        @Override
        protected Database database() {
            return Database.NONE;
        }

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws Exception {
            if (!selector.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                throw new CliException("--selector '" + selector + "': letters, digits and '-' only (one DNS label)", 2);
            }
            String d = domain != null ? domain : ctx.getBean(SenderProperties.class).domain();
            Path privateFile = out.resolve(selector + ".private.pem");
            Path publicFile = out.resolve(selector + ".public.pem");
            Path recordFile = out.resolve(selector + ".txt");
            for (Path p : new Path[] {privateFile, publicFile, recordFile}) {
                if (Files.exists(p)) {
                    throw new CliException(p + " exists already; pick another selector or directory", 2);
                }
            }
            boolean ed25519 = switch (algorithm.toLowerCase(java.util.Locale.ROOT)) {
                case "rsa" -> false;
                case "ed25519" -> true;
                default -> throw new CliException("--algorithm '" + algorithm + "': rsa or ed25519", 2);
            };
            Files.createDirectories(out);
            KeyPair pair = ed25519 ? DkimKeys.generateEd25519() : DkimKeys.generate();
            Files.writeString(privateFile, DkimKeys.privatePem(pair));
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(publicFile, DkimKeys.publicPem(pair));
            String record = DkimKeys.dnsRecord(selector, d, pair);
            Files.writeString(recordFile, record + "\n");
            out().println("Private key: " + privateFile.toAbsolutePath());
            out().println("Public key:  " + publicFile.toAbsolutePath());
            out().println(ed25519
                    ? "Publish this DNS record, then set verdict.delivery.dkim.ed25519-selector=" + selector
                            + ", ed25519-key-file=" + privateFile.toAbsolutePath() + " (beside the RSA key):"
                    : "Publish this DNS record, then set verdict.delivery.dkim.enabled=true, selector="
                            + selector + ", key-file=" + privateFile.toAbsolutePath() + ":");
            out().println(record);
            return 0;
        }
    }
}
