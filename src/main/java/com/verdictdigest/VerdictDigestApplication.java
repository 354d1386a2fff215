package com.verdictdigest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Spring application: every feature is a module under this package (see each
 * {@code package-info.java}). The jar starts in {@link com.verdictdigest.cli.VerdictCli#main}:
 * {@code serve} and {@code demo} boot the web app, the other commands boot only what they need.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VerdictDigestApplication {
}
