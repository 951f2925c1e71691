# Shared by scripts/test and scripts/demo: the set-up a fresh Debian 12 machine needs.
JPATRONI_TEST_USER=${JPATRONI_TEST_USER:-postgres}
JPATRONI_PACKAGES=(openjdk-17-jdk-headless maven postgresql-15 etcd-server etcd-client
                   haproxy patroni python3-etcd iproute2 openssl curl procps)

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
        # Debian's postgresql, etcd and patroni packages start services where systemd runs: we don't use them
        apt-get install -y -q --no-install-recommends "${missing[@]}"
        for svc in postgresql etcd patroni haproxy; do
            systemctl disable --now "$svc" >/dev/null 2>&1 || true
        done
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
