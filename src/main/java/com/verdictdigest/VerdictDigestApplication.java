package com.verdictdigest;

import com.verdictdigest.cli.VerdictCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Every start goes through the CLI: {@code serve} and {@code demo} boot the web app, the other
 * commands boot only what they need and exit.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VerdictDigestApplication {

    public static void main(String[] args) {
        // Jakarta Mail otherwise runs a ServiceLoader scan on every header or multipart it parses.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        int code = VerdictCli.execute(args);
        if (code != VerdictCli.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
