package dev.userapptokens.admin.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * {@code /console} without its slash: sent on to {@code /console/}, where the console's relative
 * links (app.js, ../v1/...) resolve. The Location is relative so that it holds behind a stage or
 * path prefix too. Quarkus serves the files themselves from META-INF/resources/console/.
 */
@ApplicationScoped
public class ConsoleRoutes {

    void routes(@Observes Router router) {
        router.get("/console").handler(context -> {
            if (!"/console".equals(context.request().path())) {
                context.next(); // Vert.x matches "/console/" here too: that one is the index page's
                return;
            }
            context.response().setStatusCode(302).putHeader("Location", "console/").end();
        });
    }
}
