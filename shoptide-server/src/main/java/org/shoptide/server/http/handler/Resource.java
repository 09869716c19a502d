package org.shoptide.server.http.handler;

/** One resource of the HTTP API: registers its routes. */
public interface Resource {
    void register(RouteTable routes);
}
