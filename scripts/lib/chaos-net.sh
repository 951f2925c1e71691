# The hosts of scripts/chaos: one network namespace per host, each joined by a veth pair to one bridge that lives
# in a namespace of its own (the "switch"). Nothing is created in the machine's own namespace: no interface, no
# address, no route. The addresses are on a private /24 that exists only behind that bridge.
# Every name starts with "$CHAOS_PREFIX$RUN-" so that `scripts/chaos --cleanup` finds what a crashed run left.
CHAOS_PREFIX=jpchaos
CHAOS_SUBNET=10.213.7
# host -> last octet: h runs HAProxy and the harness (writer, observer); n1..n3 PostgreSQL and the daemon; e1..e3 etcd
CHAOS_HOSTS=(h:2 n1:11 n2:12 n3:13 e1:21 e2:22 e3:23)
# the size of each node's data disk (a tmpfs, so that fault 7 can fill it)
CHAOS_DISK_SIZE=${CHAOS_DISK_SIZE:-768m}

chaos_ns() {  # RUN HOST
    echo "$CHAOS_PREFIX$1-$2"
}

# Creates the namespaces, the bridge and the veth pairs, the data disks of n1..n3 under DIR, and DIR/hosts
# ("host namespace address" per line) for the Java side.
chaos_net_up() {  # RUN DIR
    local run=$1 dir=$2 sw entry host octet ns
    sw=$(chaos_ns "$run" sw)
    ip netns add "$sw"
    ip -n "$sw" link set lo up
    ip -n "$sw" link add br0 type bridge
    ip -n "$sw" link set br0 up
    mkdir -p "$dir"
    chmod 755 "$dir"
    : > "$dir/hosts"
    for entry in "${CHAOS_HOSTS[@]}"; do
        host=${entry%%:*} octet=${entry##*:}
        ns=$(chaos_ns "$run" "$host")
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip link add eth0 netns "$ns" type veth peer name "v-$host" netns "$sw"
        ip -n "$sw" link set "v-$host" master br0 up
        ip -n "$ns" addr add "$CHAOS_SUBNET.$octet/24" dev eth0
        ip -n "$ns" link set eth0 up
        echo "$host $ns $CHAOS_SUBNET.$octet" >> "$dir/hosts"
        mkdir -p "$dir/$host"
        case $host in
            n*) mount -t tmpfs -o "size=$CHAOS_DISK_SIZE,mode=0700,uid=$(id -u postgres),gid=$(id -g postgres)" \
                    "chaos-$run-$host" "$dir/$host" ;;
        esac
        chown postgres: "$dir/$host"
    done
}

# Stops every process left in the run's namespaces, unmounts its disks, deletes the namespaces and DIR.
chaos_net_down() {  # RUN DIR
    local run=$1 dir=$2 ns pids m
    for ns in $(ip netns list | awk '{print $1}' | grep "^$CHAOS_PREFIX$run-" || true); do
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        # SIGCONT first: a process a fault left stopped must be able to die
        [ -n "$pids" ] && kill -CONT $pids 2>/dev/null && kill -9 $pids 2>/dev/null
    done
    for ns in $(ip netns list | awk '{print $1}' | grep "^$CHAOS_PREFIX$run-" || true); do
        ip netns delete "$ns" 2>/dev/null || true
    done
    for m in $(awk -v p="chaos-$run-" 'index($1, p) == 1 {print $2}' /proc/mounts); do
        umount -l "$m" 2>/dev/null || true
    done
    [ -n "$dir" ] && [ -d "$dir" ] && rm -rf "$dir"
    return 0
}

# What any run left behind (a crashed or killed one): its namespaces, processes, disks and directories.
chaos_cleanup_all() {
    local runs r
    runs=$( (ip netns list | awk '{print $1}'; awk '{print $1}' /proc/mounts) \
        | sed -n "s/^\(chaos-\|$CHAOS_PREFIX\)\([0-9a-z]*\)-.*/\2/p" | sort -u)
    for r in $runs; do
        echo "cleaning up chaos run $r"
        chaos_net_down "$r" "/tmp/$CHAOS_PREFIX-$r"
    done
}
