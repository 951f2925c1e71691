package io.jpatroni.postgres.config;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the configuration files of one node, as Patroni lays them out: postgresql.conf, postgresql.base.conf,
 * pg_hba.conf and pg_ident.conf in the configuration directory ({@code postgresql.config_dir}, else the data
 * directory), recovery.conf (before 12) or standby.signal (from 12) in the data directory. Every write is atomic.
 */
public final class ConfigFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);
    public static final String CONF = "postgresql.conf";
    public static final String BASE_CONF = "postgresql.base.conf";
    public static final String HBA = "pg_hba.conf";
    public static final String IDENT = "pg_ident.conf";

    private final PostgresSettings settings;
    private final IntSupplier libpqVersion;
    private volatile List<String> pgHba;     // the settings' until a reload brings others
    private volatile List<String> pgIdent;

    /**
     * @param libpqVersion the PostgreSQL version of bin_dir (e.g. 150004), whose libpq reads the connection strings
     *                     rendered here and by pg_basebackup / pg_rewind callers; asked when first needed
     */
    public ConfigFiles(PostgresSettings settings, IntSupplier libpqVersion) {
        this.settings = settings;
        this.pgHba = List.copyOf(settings.pgHba());
        this.pgIdent = List.copyOf(settings.pgIdent());
        this.libpqVersion = libpqVersion;
    }

    /** The version connection strings are written for (which libpq keywords exist). */
    public int libpqVersion() {
        return libpqVersion.getAsInt();
    }

    public Path postgresqlConf() {
        return settings.configDir().resolve(CONF);
    }

    public Path baseConf() {
        return settings.configDir().resolve(BASE_CONF);
    }

    public Path hbaFile() {
        return settings.configDir().resolve(HBA);
    }

    public Path identFile() {
        return settings.configDir().resolve(IDENT);
    }

    public Path recoveryConf() {
        return settings.dataDir().resolve(RecoveryConf.FILE);
    }

    /**
     * Writes postgresql.conf (after moving the original one aside to postgresql.base.conf), the replica's
     * {@code recovery} settings (in postgresql.conf from 12, in recovery.conf before), and pg_hba.conf /
     * pg_ident.conf when configured and not replaced by hba_file / ident_file. standby.signal is separate.
     */
    public void writeAll(ResolvedParameters params, Optional<RecoveryConf.Rendered> recovery, MajorVersion version) {
        ensureBaseConf();
        String include = settings.customConf().map(Path::toString).orElse(BASE_CONF);
        boolean v12 = version.isAtLeast(MajorVersion.V12);
        Map<String, String> inConf = v12 ? recovery.map(RecoveryConf.Rendered::params).orElse(Map.of()) : Map.of();
        AtomicFiles.writeKeepingMode(postgresqlConf(), PostgresConfRenderer.render(include, params.conf(), hbaFile(),
                identFile(), inConf), AtomicFiles.WORLD_READABLE);
        if (!v12) {
            writeRecoveryConf(recovery);
        }
        List<String> pgHba = this.pgHba;
        List<String> pgIdent = this.pgIdent;
        if (!pgHba.isEmpty() && !customFile(params, "hba_file", hbaFile())) {
            AtomicFiles.writeKeepingMode(hbaFile(), LinesFileRenderer.render(pgHba),
                    AtomicFiles.OWNER_ONLY);
        }
        if (!pgIdent.isEmpty() && !customFile(params, "ident_file", identFile())) {
            AtomicFiles.writeKeepingMode(identFile(), LinesFileRenderer.render(pgIdent),
                    AtomicFiles.OWNER_ONLY);
        }
    }

    private void writeRecoveryConf(Optional<RecoveryConf.Rendered> recovery) {
        if (recovery.isPresent()) {
            StringBuilder sb = new StringBuilder(PostgresConfRenderer.HEADER);
            recovery.get().params().forEach((k, v) -> sb.append(k).append(" = ").append(ConfQuoting.confValue(v))
                    .append('\n'));
            AtomicFiles.write(recoveryConf(), sb.toString(), AtomicFiles.OWNER_ONLY);
        } else {
            deleteIfExists(recoveryConf());
        }
    }

    /** The {@code pg_hba} lines in force (the local file's, else the dynamic configuration's). */
    public List<String> pgHba() {
        return pgHba;
    }

    /**
     * New {@code pg_hba} / {@code pg_ident} lines (a reload, a changed dynamic configuration), as Patroni's
     * {@code reload_config} takes them: a list that is empty leaves the file as it is; a file that hba_file /
     * ident_file replaces is the user's. True when a file that is written changed; {@link #writeAll} writes it.
     */
    public boolean replaceHbaAndIdent(List<String> hba, List<String> ident, ResolvedParameters params) {
        boolean hbaChanged = !hba.isEmpty() && !hba.equals(pgHba) && !customFile(params, "hba_file", hbaFile());
        boolean identChanged = !ident.isEmpty() && !ident.equals(pgIdent)
                && !customFile(params, "ident_file", identFile());
        pgHba = List.copyOf(hba);
        pgIdent = List.copyOf(ident);
        return hbaChanged || identChanged;
    }

    /** hba_file / ident_file set in the parameters to another file than the configuration directory's. */
    private static boolean customFile(ResolvedParameters params, String name, Path standard) {
        String value = params.conf().get(name);
        return value != null && !Path.of(value).equals(standard);
    }

    /** A replica's recovery settings for {@code check.version()}, with what had to be changed. */
    public RecoveryConf.Rendered recoveryParameters(StandbyConfig standby, ResolvedParameters params,
                                                   ParameterCheck check) {
        return RecoveryConf.render(standby.render(settings.name(), settings.pgpass(), check.version(),
                libpqVersion(), params.recovery()), check);
    }

    /**
     * The original postgresql.conf becomes postgresql.base.conf once, so the generated file can include it (not with
     * custom_conf). A configuration directory with neither file cannot work: Patroni fails there too.
     */
    void ensureBaseConf() {
        Path base = baseConf();
        Path conf = postgresqlConf();
        if (settings.customConf().isPresent() || Files.exists(base)) {
            return;
        }
        if (!Files.exists(conf)) {
            throw new PostgresException(missingBaseConf());
        }
        if (PostgresConfRenderer.isGenerated(AtomicFiles.read(conf))) {
            throw new PostgresException(conf + " was generated by Patroni but " + base + " is missing");
        }
        try {
            Files.move(conf, base, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("renamed {} to {}", conf, base);
        } catch (IOException e) {
            throw new PostgresException("cannot rename " + conf + " to " + base + ": " + e, e);
        }
    }

    /**
     * Before initdb: a separate {@code postgresql.config_dir} must already hold the configuration to include (as
     * pg_createcluster leaves it), since initdb writes its own into the data directory only.
     */
    public void checkConfigDir() {
        if (settings.configDir().equals(settings.dataDir().toAbsolutePath()) || settings.customConf().isPresent()) {
            return;
        }
        if (!Files.exists(postgresqlConf()) && !Files.exists(baseConf())) {
            throw new PostgresException(missingBaseConf());
        }
    }

    private String missingBaseConf() {
        return "postgresql.config_dir " + settings.configDir() + " holds neither " + CONF + " nor " + BASE_CONF
                + ": the generated " + CONF + " includes the original one (create it, e.g. with pg_createcluster,"
                + " or set postgresql.custom_conf)";
    }

    /**
     * Appends the bootstrap {@code pg_hba} lines to pg_hba.conf after initdb, as Patroni does ("\n" + lines):
     * not when postgresql.pg_hba replaces the whole file anyway, nor when hba_file points elsewhere.
     */
    public void appendHba(List<String> lines, ResolvedParameters params) {
        if (lines.isEmpty() || !pgHba.isEmpty() || customFile(params, "hba_file", hbaFile())) {
            return;
        }
        String existing = Files.exists(hbaFile()) ? AtomicFiles.read(hbaFile()) : "";
        AtomicFiles.writeKeepingMode(hbaFile(), LinesFileRenderer.append(existing, lines), AtomicFiles.OWNER_ONLY);
    }

    /**
     * During a custom bootstrap, as Patroni: the superuser's password in the restored cluster may be unknown, so
     * local connections (the socket and {@code host}'s addresses) are trusted until post_bootstrap has set it.
     */
    public void writeTrustHba(String host) {
        StringBuilder sb = new StringBuilder("local all all trust\n");
        java.util.Set<String> addresses = new java.util.LinkedHashSet<>();
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
                addresses.add(a.getHostAddress() + (a instanceof java.net.Inet6Address ? "/128" : "/32"));
            }
        } catch (java.net.UnknownHostException e) {
            LOG.warn("cannot resolve {}: {}", host, e.getMessage());
        }
        addresses.forEach(a -> sb.append("host all all ").append(a).append(" trust\n"));
        AtomicFiles.writeKeepingMode(hbaFile(), sb.toString(), AtomicFiles.OWNER_ONLY);
    }

    /** pg_hba.conf as saved before the custom bootstrap's trust lines replaced it. */
    public void restoreHbaFromBackup() {
        Path backup = backup(HBA);
        if (Files.isRegularFile(backup)) {
            copy(backup, hbaFile());
        }
    }

    /** Creates (empty) or removes {@code name} in the data directory (standby.signal, recovery.signal...). */
    public void writeSignal(String name, boolean present) {
        Path f = settings.dataDir().resolve(name);
        if (present) {
            if (!Files.exists(f)) {
                AtomicFiles.write(f, "", AtomicFiles.OWNER_ONLY);
            }
        } else {
            deleteIfExists(f);
        }
    }

    /** standby.signal for a replica from 12 (before 12 recovery.conf says it); recovery.signal is never left. */
    public void writeStandbySignal(boolean standby, MajorVersion version) {
        Path signal = settings.dataDir().resolve("standby.signal");
        if (standby && version.isAtLeast(MajorVersion.V12)) {
            if (!Files.exists(signal)) {
                AtomicFiles.write(signal, "", AtomicFiles.OWNER_ONLY);
            }
        } else {
            deleteIfExists(signal);
        }
        deleteIfExists(settings.dataDir().resolve("recovery.signal"));
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PostgresException("cannot remove " + file + ": " + e, e);
        }
    }

    /** The pgpass file (mode 0600) with the given credentials; returns the environment that points libpq at it. */
    public Map<String, String> writePgpass(List<ConnectionTarget> targets) {
        AtomicFiles.write(settings.pgpass(), PgPass.render(targets), AtomicFiles.OWNER_ONLY);
        return Map.of("PGPASSFILE", settings.pgpass().toString());
    }

    /**
     * The files Patroni keeps a {@code .backup} of: postgresql.conf, postgresql.base.conf (not with custom_conf),
     * pg_hba.conf and pg_ident.conf (unless hba_file / ident_file point elsewhere).
     */
    private List<String> saved() {
        List<String> names = new ArrayList<>(List.of(CONF));
        if (settings.customConf().isEmpty()) {
            names.add(BASE_CONF);
        }
        if (!configured("hba_file", hbaFile())) {
            names.add(HBA);
        }
        if (!configured("ident_file", identFile())) {
            names.add(IDENT);
        }
        return names;
    }

    private boolean configured(String parameter, Path standard) {
        return settings.parameters().entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase(parameter)
                        && !settings.configDir().resolve(e.getValue()).equals(standard));
    }

    /**
     * Copies the configuration files to {@code <data_dir>/<name>.backup} (Patroni 4 keeps them in the data
     * directory, so a replica cloned from this node can restore them into an empty configuration directory).
     */
    public void saveConfigurationFiles() {
        for (String f : saved()) {
            Path from = settings.configDir().resolve(f);
            if (Files.isRegularFile(from)) {
                copy(from, backup(f));
            }
        }
    }

    /** After pg_rewind, which overwrote the data directory's files: puts the saved ones back (same directory). */
    public void restoreConfigurationFiles() {
        if (!settings.configDir().equals(settings.dataDir().toAbsolutePath())) {
            return; // pg_rewind does not touch a separate configuration directory
        }
        for (String f : saved()) {
            if (Files.isRegularFile(backup(f))) {
                copy(backup(f), settings.configDir().resolve(f));
            }
        }
    }

    /**
     * After a clone, as Patroni's restore_configuration_files: each missing configuration file comes from its
     * backup in the (new) data directory; a missing pg_ident.conf without backup becomes an empty file.
     */
    public void restoreMissingConfigurationFiles() {
        for (String f : saved()) {
            Path target = settings.configDir().resolve(f);
            if (Files.isRegularFile(target) || f.equals(BASE_CONF) && hasOriginalConf()) {
                continue; // an original postgresql.conf here (pg_createcluster's) becomes this node's base
            }
            if (Files.isRegularFile(backup(f))) {
                Optional<String> elsewhere = f.equals(BASE_CONF) ? otherDataDirectory(backup(f)) : Optional.empty();
                if (elsewhere.isPresent()) {
                    LOG.warn("not restoring {} from {}: it sets data_directory = '{}', this node's is {}", target,
                            backup(f), elsewhere.get(), settings.dataDir());
                    continue;
                }
                copy(backup(f), target);
                LOG.info("restored {} from {}", target, backup(f));
            } else if (f.equals(IDENT)) {
                AtomicFiles.write(target, "", AtomicFiles.OWNER_ONLY);
            }
        }
    }

    private boolean hasOriginalConf() {
        return Files.isRegularFile(postgresqlConf())
                && !PostgresConfRenderer.isGenerated(AtomicFiles.read(postgresqlConf()));
    }

    private static final java.util.regex.Pattern DATA_DIRECTORY = java.util.regex.Pattern.compile(
            "(?m)^\\s*data_directory\\s*=?\\s*'?([^'#\\s]+)");

    /** The data_directory a configuration file sets when it is not this node's (the clone source's, say). */
    private Optional<String> otherDataDirectory(Path conf) {
        java.util.regex.Matcher m = DATA_DIRECTORY.matcher(AtomicFiles.read(conf));
        Optional<String> last = Optional.empty();
        while (m.find()) {
            last = Optional.of(m.group(1));
        }
        return last.filter(d -> !Path.of(d).toAbsolutePath().normalize()
                .equals(settings.dataDir().toAbsolutePath().normalize()));
    }

    private Path backup(String name) {
        return settings.dataDir().resolve(name + ".backup");
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new PostgresException("cannot copy " + from + " to " + to + ": " + e, e);
        }
    }
}
