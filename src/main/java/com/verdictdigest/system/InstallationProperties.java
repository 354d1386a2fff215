package com.verdictdigest.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * This installation's place and key: {@code verdict.data-dir} and {@code verdict.secret}.
 *
 * @param dataDir where the H2 database, uploads and exports live (relative to the working
 *                directory until {@link DataDirectoryEnvironment} makes it absolute at start-up)
 * @param secret  the master key of {@link ServerSecret} (base64, at least 32 bytes); empty: one is
 *                generated once and kept in the database
 */
@ConfigurationProperties("verdict")
public record InstallationProperties(@DefaultValue("data") Path dataDir, @DefaultValue("") String secret) {

    /** As bound from {@code env}, for code that runs before the beans exist. */
    public static InstallationProperties of(Environment env) {
        return Binder.get(env).bindOrCreate("verdict", Bindable.of(InstallationProperties.class));
    }
}
