package com.verdictdigest.system;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code verdict.data-dir} absolute before anything reads it: H2 refuses a relative file
 * path without "./", and a path that depends on the working directory would let a command run
 * elsewhere find (or create) another database. The default H2 URL is built on it.
 */
public class DataDirectoryEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Path absolute = InstallationProperties.of(env).dataDir().toAbsolutePath().normalize();
        env.getPropertySources().addFirst(new MapPropertySource("verdict-data-dir",
                Map.of(DataDirectory.PROPERTY, absolute.toString())));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
