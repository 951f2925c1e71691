# Shared by scripts/test and scripts/demo: the set-up a fresh Debian 12 machine needs.
JPATRONI_TEST_USER=${JPATRONI_TEST_USER:-postgres}
JPATRONI_PACKAGES=(openjdk-17-jdk-headless maven postgresql-15 etcd-server etcd-client zookeeperd
                   haproxy patroni python3-etcd python3-kazoo iproute2 openssl curl procps locales)
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
        # Debian's postgresql, etcd, zookeeper and patroni packages start services where systemd runs: we don't use
        # them (the tests and the demo start their own servers as the unprivileged user)
        apt-get install -y -q --no-install-recommends "${missing[@]}"
        for svc in postgresql etcd zookeeper patroni haproxy; do
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
