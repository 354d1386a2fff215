package com.verdictdigest.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The layout's request attributes ({@link Navigation}) on every page. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WebMvcConfig implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Navigation.Interceptor()).excludePathPatterns("/api/**", "/css/**", "/js/**",
                "/webjars/**");
    }
}
