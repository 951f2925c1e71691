package io.jpatroni.ctl;

import io.jpatroni.config.CtlConfig;
import io.jpatroni.config.EtcdConfig;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.config.RestApiConfig;
import io.jpatroni.config.Secret;
import io.jpatroni.config.ZooKeeperConfig;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.ZooKeeperSettings;
import io.jpatroni.restclient.ClientSettings;
import io.jpatroni.restclient.PatroniApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every verb needs, created lazily so that {@code version} or {@code --help} touch nothing: the configuration
 * (file, then {@code -d/--dcs-url}), a {@link ClusterStore} per cluster name, the REST client, stdin/stdout and the
 * prompter.
 * Closing it closes whatever was opened.
 */
public final class CtlContext implements AutoCloseable {
    private static final Duration RETRY_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<Path> configFile;
    private final Optional<String> dcsUrl;
    private final boolean insecure;
    private final PrintStream out;
    private final PrintStream err;
    private final Prompter prompter;
    private final BufferedReader stdin;
    private PatroniConfig config;
    private final Map<String, ClusterStore> stores = new HashMap<>();
    private PatroniApiClient api;
    private Function<String, ClusterStore> opener = this::open;

    public CtlContext(Optional<Path> configFile, Optional<String> dcsUrl, boolean insecure, PrintStream out,
                      PrintStream err, BufferedReader stdin) {
        this.configFile = configFile;
        this.dcsUrl = dcsUrl.filter(s -> !s.isBlank());
        this.insecure = insecure;
        this.out = out;
        this.err = err;
        this.stdin = stdin;
        this.prompter = new Prompter(stdin, out);
    }

    static CtlContext forSystem(Optional<Path> configFile, Optional<String> dcsUrl, boolean insecure) {
        return new CtlContext(configFile, dcsUrl.or(() -> Optional.ofNullable(System.getenv("DCS_URL"))), insecure,
                System.out, System.err, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Prompter prompter() {
        return prompter;
    }

    public BufferedReader stdin() {
        return stdin;
    }

    public PatroniConfig config() {
        if (config == null) {
            config = load();
        }
        return config;
    }

    private PatroniConfig load() {
        return CtlConfiguration.load(configFile, System.getenv(), System.getProperty("user.home"), err);
    }

    /** The cluster given on the command line, else the configuration's {@code scope}. */
    public String clusterName(String argument) {
        if (argument != null && !argument.isEmpty()) {
            return argument;
        }
        String scope = config().scope();
        if (scope == null || scope.isEmpty()) {
            throw new CtlException("Cluster name is required: give CLUSTER_NAME or set scope in the configuration");
        }
        return scope;
    }

    public Optional<String> scope() {
        return Optional.ofNullable(config().scope()).filter(s -> !s.isEmpty());
    }

    /**
     * Cluster {@code name} in the DCS (opened once per name): one range read per {@code read()}, no watch, no lease,
     * since a command lives for a moment. etcd is reached through its v3 JSON gateway (as patronictl reaches it), not
     * jetcd: a {@code list} then loads no gRPC channel, Netty or protobuf, which was most of its start-up.
     */
    public ClusterStore store(String name) {
        return stores.computeIfAbsent(name, opener);
    }

    /** The {@code -d} URL's store, else the configuration's etcd3 (or etcd), else its zookeeper section. */
    private ClusterStore open(String name) {
        String namespace = config().namespace();
        if (dcsUrl.isPresent()) {
            DcsUrl url = DcsUrl.parse(dcsUrl.get());
            namespace = url.namespace().orElse(namespace);
            return url.store() == DcsUrl.Store.ZOOKEEPER
                    ? DcsFactory.zooKeeperStore(new ZooKeeperSettings(List.of(url.hostPort())), namespace, name,
                            RETRY_TIMEOUT)
                    : DcsFactory.etcd3GatewayStore(Etcd3Settings.plain(List.of(url.hostPort())), namespace, name,
                            RETRY_TIMEOUT);
        }
        Optional<EtcdConfig> etcd = config().etcd();
        if (etcd.isPresent()) {
            EtcdConfig e = etcd.get();
            return DcsFactory.etcd3GatewayStore(Etcd3Settings.of(e.hosts(), e.protocol(), e.username(),
                    e.password().map(Secret::reveal), e.cacert(), e.cert(), e.key()), namespace, name, RETRY_TIMEOUT);
        }
        ZooKeeperConfig zk = config().zookeeper().orElseThrow(() -> new CtlException(
                // patronictl prints the repr of its exception here: quoted, the line break escaped
                "'Can not find suitable configuration of distributed configuration store\\n"
                        + "Available implementations: etcd, etcd3, zookeeper'"));
        if (zk.useSsl()) {
            throw new CtlException("zookeeper.use_ssl: TLS to ZooKeeper is not supported by jpatronictl");
        }
        return DcsFactory.zooKeeperStore(new ZooKeeperSettings(zk.hosts()), namespace, name, RETRY_TIMEOUT);
    }

    /** For tests: open cluster stores with {@code opener} (e.g. on an in-memory store) instead of etcd. */
    public CtlContext withStores(Function<String, ClusterStore> opener) {
        this.opener = opener;
        return this;
    }


    public PatroniApiClient api() {
        if (api == null) {
            try {
                api = new PatroniApiClient(clientSettings(config(), insecure));
            } catch (IOException | GeneralSecurityException e) {
                throw new CtlException("Can not set up TLS for the REST API: " + e.getMessage());
            }
        }
        return api;
    }

    /**
     * As Patroni's request helper: CA from {@code ctl.cacert} else {@code restapi.cafile}, client certificate from
     * {@code ctl} else {@code restapi}, credentials from {@code ctl.authentication} else {@code restapi}'s.
     */
    static ClientSettings clientSettings(PatroniConfig config, boolean insecureFlag) {
        CtlConfig ctl = config.ctl();
        RestApiConfig rest = config.restapi();
        ClientSettings s = ClientSettings.defaults().withInsecure(ctl.insecure() || insecureFlag);
        Optional<String> ca = ctl.cacert().or(rest::cafile);
        if (ca.isPresent()) {
            s = s.withCa(Path.of(ca.get()));
        }
        if (ctl.certfile().isPresent()) {
            s = s.withClientCertificate(Path.of(ctl.certfile().get()), ctl.keyfile().map(Path::of),
                    ctl.keyfilePassword().map(p -> p.reveal()));
        } else if (rest.certfile().isPresent()) {
            s = s.withClientCertificate(Path.of(rest.certfile().get()), rest.keyfile().map(Path::of),
                    rest.keyfilePassword().map(p -> p.reveal()));
        }
        var auth = ctl.authentication().or(rest::authentication);
        if (auth.isPresent()) {
            s = s.withAuth(auth.get().username(), auth.get().password().reveal());
        }
        return s;
    }

    @Override
    public void close() {
        stores.values().forEach(ClusterStore::close);
        stores.clear();
        if (api != null) {
            api.close();
        }
    }
}
