package com.example.apps;

import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/** A filter whose type hierarchy cannot be resolved at run time (its interface {@link Gone} is missing). */
public final class BrokenFilter implements javax.servlet.Filter, Gone {
    @Override
    public void init(javax.servlet.FilterConfig config) {}

    @Override
    public void destroy() {}

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {}
}
