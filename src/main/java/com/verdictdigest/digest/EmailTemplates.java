package com.verdictdigest.digest;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The FreeMarker configuration for mail, kept apart from the web one so its safety settings
 * cannot be loosened by web configuration: .ftlh is HTML auto-escaped, .ftl plain text; no
 * {@code ?new}/{@code ?api}; a template error is thrown, never printed into a mail. Templates come
 * from {@code VERDICT_TEMPLATES_DIR} (file by file) and then from the packaged {@code templates/}.
 */
@Component
public class EmailTemplates {

    private final Configuration cfg;

    @org.springframework.beans.factory.annotation.Autowired
    public EmailTemplates(Environment env) {
        this(env.getProperty("VERDICT_TEMPLATES_DIR"));
    }

    /** @param overrideDir a directory (optionally "file:"-prefixed) searched before the packaged templates; may be null */
    public EmailTemplates(String overrideDir) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (overrideDir != null && !overrideDir.isBlank() && !overrideDir.startsWith("classpath:")) {
            String dir = overrideDir.startsWith("file:") ? overrideDir.substring("file:".length()) : overrideDir;
            try {
                loaders.add(new FileTemplateLoader(new File(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException("VERDICT_TEMPLATES_DIR " + dir + " is not a readable directory", e);
            }
        }
        loaders.add(new ClassTemplateLoader(EmailTemplates.class, "/templates/"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocale(Locale.ENGLISH);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
    }

    /** Renders {@code name} (under templates/) or fails with the template's file, line and reason. */
    public String render(String name, Map<String, ?> model) {
        try {
            StringWriter out = new StringWriter(32 * 1024);
            cfg.getTemplate(name).process(model, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new TemplateRenderException("Template " + name + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TemplateRenderException("Template " + name + " could not be read: " + e.getMessage(), e);
        }
    }

    Configuration configuration() {
        return cfg;
    }

    /** A mail template that could not be rendered; nothing half-rendered ever leaves. */
    public static class TemplateRenderException extends RuntimeException {
        public TemplateRenderException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
