# Shared by scripts/test and scripts/demo: the set-up a fresh Debian 12 machine needs.
JPATRONI_TEST_USER=${JPATRONI_TEST_USER:-postgres}
JPATRONI_PACKAGES=(openjdk-17-jdk-headless maven postgresql-15 etcd-server etcd-client zookeeperd
                   haproxy patroni python3-etcd python3-kazoo iproute2 openssl curl procps locales
                   util-linux prometheus)
# Locales the real users' configurations ask initdb for (seed004: locale: en_US.UTF-8)
JPATRONI_LOCALES=(en_US.UTF-8)

require_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "$(basename "$0"): run as root (it installs packages and then drops to user '$JPATRONI_TEST_USER')" >&2
        exit 1
    fi
}

install_packages() {
    local missing=()
    for p in "${JPATRONI_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        # Debian's postgresql, etcd, zookeeper, patroni and prometheus packages start services where systemd runs: we
        # don't use them (the tests and the demo start their own servers as the unprivileged user)
        apt-get install -y -q --no-install-recommends "${missing[@]}"
        for svc in postgresql etcd zookeeper patroni haproxy prometheus; do
            systemctl disable --now "$svc" >/dev/null 2>&1 || true
        done
    fi
}

# Generates the locales in JPATRONI_LOCALES that the machine lacks (Debian ships only C and C.UTF-8).
generate_locales() {
    local missing=0 l
    for l in "${JPATRONI_LOCALES[@]}"; do
        # locale -a lists en_US.UTF-8 as en_US.utf8
        locale -a 2>/dev/null | grep -qix "$(echo "$l" | sed 's/UTF-8$/utf8/')" && continue
        sed -i "s/^# *\($l .*\)/\1/" /etc/locale.gen
        grep -q "^$l " /etc/locale.gen || echo "$l ${l#*.}" >> /etc/locale.gen
        missing=1
    done
    if [ "$missing" = 1 ]; then
        locale-gen
    fi
}

user_home() {
    getent passwd "$JPATRONI_TEST_USER" | cut -d: -f6
}

# The tree and Maven's local repository must be writable by the unprivileged user.
prepare_user_and_tree() {
    local repo=$1
    if ! id "$JPATRONI_TEST_USER" >/dev/null 2>&1; then
        useradd --system --create-home --home-dir "/var/lib/$JPATRONI_TEST_USER" --shell /bin/bash "$JPATRONI_TEST_USER"
    fi
    local home; home=$(user_home)
    mkdir -p "$home"
    chown "$JPATRONI_TEST_USER": "$home"
    chown -R "$JPATRONI_TEST_USER": "$repo"
    git config --global --get-all safe.directory 2>/dev/null | grep -qx "$repo" \
        || git config --global --add safe.directory "$repo" 2>/dev/null || true
}

# The Debian package the build made, installed on this machine for real and removed again (root's side of
# src-it's DebianPackageIT, which installs it under a directory as the unprivileged user): dpkg -i, the installed
# launchers run on the archives the post-install made, dpkg --purge leaves nothing. Skipped when a jpatroni package
# is installed already: the machine's own installation is never touched.
check_package_install() {
    local repo=$1 deb
    deb=$(ls -t "$repo"/packaging/target/jpatroni_*_all.deb 2>/dev/null | head -1)
    if [ -z "$deb" ]; then
        echo "package check: no packaging/target/jpatroni_*_all.deb" >&2
        return 1
    fi
    if dpkg-query -W -f='${Status}' jpatroni 2>/dev/null | grep -q 'installed'; then
        echo "package check skipped: a jpatroni package is installed on this machine already"
        return 0
    fi
    trap 'dpkg --purge jpatroni > /dev/null 2>&1 || true' EXIT
    echo "package check: dpkg -i $(basename "$deb")"
    dpkg -i "$deb" > /dev/null
    local ok=1 f
    for f in /usr/bin/jpatroni /usr/bin/jpatronictl /usr/bin/jpatroni-fence /lib/systemd/system/jpatroni.service \
             /etc/patroni/config.yml.example /var/cache/jpatroni/jpatroni.jsa /var/cache/jpatroni/jpatronictl.jsa; do
        [ -e "$f" ] || { echo "package check: $f missing after dpkg -i" >&2; ok=0; }
    done
    runuser -u "$JPATRONI_TEST_USER" -- env JPATRONI_JAVA_OPTS=-Xshare:on /usr/bin/jpatroni --version || ok=0
    runuser -u "$JPATRONI_TEST_USER" -- env JPATRONICTL_JAVA_OPTS=-Xshare:on /usr/bin/jpatronictl version || ok=0
    runuser -u "$JPATRONI_TEST_USER" -- /usr/bin/jpatroni --validate-config /etc/patroni/config.yml.example \
        > /dev/null || ok=0
    if command -v systemd-analyze > /dev/null && [ -d /run/systemd/system ]; then
        systemd-analyze verify /lib/systemd/system/jpatroni.service || ok=0
    fi
    echo "package check: dpkg --purge jpatroni"
    dpkg --purge jpatroni > /dev/null
    trap - EXIT
    for f in /usr/bin/jpatroni /usr/bin/jpatronictl /usr/share/jpatroni /var/cache/jpatroni \
             /lib/systemd/system/jpatroni.service /etc/patroni/config.yml.example; do
        [ -e "$f" ] && { echo "package check: $f left after dpkg --purge" >&2; ok=0; }
    done
    [ "$ok" = 1 ] && echo "package check: installs, runs, removes cleanly"
    [ "$ok" = 1 ]
}
