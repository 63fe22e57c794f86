package eoffice.search.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Starts one Elasticsearch node for eOffice's tests and blocks until the JVM is told to stop.
 *
 * <p>Configuration comes from system properties (set by scripts/elasticsearch.sh):
 * {@code eoffice.es.home} (node home: data, logs, config), {@code eoffice.es.http.port},
 * {@code eoffice.es.transport.port}, {@code eoffice.es.host} (bind address, 127.0.0.1 by default) and
 * {@code eoffice.es.cluster} (cluster name). The node is single-node, without security (the runner carries no
 * X-Pack), with disk watermarks off, and with the ICU analysis plugin loaded from the classpath.
 */
public final class ElasticsearchLauncher {

    private static final String ICU_PLUGIN = "org.elasticsearch.plugin.analysis.icu.AnalysisICUPlugin";

    private ElasticsearchLauncher() {
    }

    public static void main(final String[] args) throws Exception {
        final Path home = Path.of(required("eoffice.es.home")).toAbsolutePath();
        final int httpPort = Integer.parseInt(required("eoffice.es.http.port"));
        final int transportPort = Integer.parseInt(required("eoffice.es.transport.port"));
        final String host = System.getProperty("eoffice.es.host", "127.0.0.1");
        final String cluster = System.getProperty("eoffice.es.cluster", "eoffice-test");
        Files.createDirectories(home);

        final ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        // The runner probes ports from baseHttpPort upwards for its banner; we set http.port ourselves.
        runner.setMaxHttpPort(-1);
        runner.onBuild((number, settings) -> {
            settings.put("network.host", host);
            settings.put("http.port", String.valueOf(httpPort));
            settings.put("transport.port", String.valueOf(transportPort));
            settings.put("discovery.type", "single-node");
            settings.put("node.name", "eoffice-test-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("action.destructive_requires_name", "false");
            settings.put("http.cors.enabled", "false");
        });

        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final IOException e) {
                System.err.println("elasticsearch launcher: close failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "eoffice-es-shutdown"));

        runner.build(ElasticsearchClusterRunner.newConfigs()
                .numOfNode(1)
                .basePath(home.toString())
                .baseHttpPort(httpPort - 1)
                .clusterName(cluster)
                .useLogger()
                .pluginTypes(ICU_PLUGIN));
        System.out.println("elasticsearch launcher: node started, http://" + host + ":" + httpPort);
        stopped.await();
    }

    private static String required(final String name) {
        final String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing system property -D" + name);
        }
        return value;
    }
}
