# Shared by the launchers in bin/: find a JDK 25, build what is missing, and the JVM flags.
# Sourced, not run. Sets TOP (the project root), JAVA, AGENT_JVM_FLAGS and CLI_JVM_FLAGS.

# Without a subshell or a program started: on a busy machine each costs a launcher 15-30 ms.
case ${BASH_SOURCE[0]} in */*) _tandem_lib=${BASH_SOURCE[0]%/*} ;; *) _tandem_lib=. ;; esac
_tandem_here=$PWD
CDPATH='' cd "$_tandem_lib/../.." || exit 1
TOP=$PWD
CDPATH='' cd "$_tandem_here" || exit 1

# A JDK is good if its java reports a feature version of 25 or more. Its release file says so
# without starting a JVM (which costs a launcher 0.1-0.5 s on every call); only a JDK without
# one is asked.
_tandem_java_ok() {
    local v
    [ -x "$1/bin/java" ] || return 1
    if [ -f "$1/release" ]; then
        local line
        while IFS= read -r line; do
            case $line in
                JAVA_VERSION=\"*)
                    v=${line#JAVA_VERSION=\"}
                    v=${v%%[!0-9]*}
                    break
                    ;;
            esac
        done <"$1/release"
    else
        v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    fi
    [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null
}

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && _tandem_java_ok "$JAVA_HOME"; then
        return 0
    fi
    local candidate
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
        if _tandem_java_ok "$candidate"; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "tandem: needs a JDK 25 or newer: none found in JAVA_HOME (${JAVA_HOME:-unset}) or under /usr/lib/jvm." >&2
    echo "tandem: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    exit 127
}

find_jdk
JAVA="$JAVA_HOME/bin/java"

# The modules a launcher's module is built from, besides itself (its pom.xml says the same).
_tandem_needs() {
    case $1 in
        console) echo proto client ;;
        *) echo proto ;;
    esac
}

# _tandem_newer_than FILE PATH...: whether a PATH, or a file or directory under one, is newer than FILE (as
# find PATH... -newer FILE). In bash, not find: the program's start and walk cost each launcher 15-20 ms of CPU.
_tandem_newer_than() {
    local ref=$1 p f found=1 unset_globstar="" unset_dotglob=""
    shift
    shopt -q globstar || unset_globstar=1
    shopt -q dotglob || unset_dotglob=1
    shopt -s globstar dotglob
    for p in "$@"; do
        for f in "$p" "$p"/**; do
            if [ "$f" -nt "$ref" ]; then
                found=0
                break 2
            fi
        done
    done
    [ -n "$unset_globstar" ] && shopt -u globstar
    [ -n "$unset_dotglob" ] && shopt -u dotglob
    return $found
}

# ensure_built MODULE: builds MODULE (and what it needs) when its jar is missing or older than
# its sources or those of a module it needs, quietly, with one line saying so.
ensure_built() {
    local module=$1 jar="$TOP/$1/target/tandem-$1.jar" sources=() m needs=proto
    [ "$module" = console ] && needs="proto client" # as _tandem_needs, without a subshell
    for m in "$module" $needs; do
        sources+=("$TOP/$m/src/main" "$TOP/$m/pom.xml")
    done
    if [ -f "$jar" ] && ! _tandem_newer_than "$jar" "${sources[@]}" "$TOP/pom.xml"; then
        return 0
    fi
    echo "tandem: building $module (first use or sources changed): ./mvnw package -pl $module -am" >&2
    local log
    log=$(mktemp)
    # -Dtandem.fuzz.skip: -DskipTests does not stop the Jazzer fuzz execution, which takes minutes.
    if ! (cd "$TOP" && ./mvnw -B -q package -DskipTests -Dtandem.fuzz.skip=true -pl "$module" -am >"$log" 2>&1); then
        cat "$log" >&2
        rm -f "$log"
        echo "tandem: the build failed; see above." >&2
        exit 1
    fi
    rm -f "$log"
}

# classpath MODULE: the module's jar and its runtime dependencies (target/lib holds the jars of the
# modules it needs too, tandem-proto and for the console tandem-client, copied there by 'package').
# classpath_of MODULE sets TANDEM_CLASSPATH to the same, without the subshell of $(classpath MODULE).
classpath() {
    classpath_of "$1"
    echo "$TANDEM_CLASSPATH"
}
classpath_of() {
    TANDEM_CLASSPATH="$TOP/$1/target/tandem-$1.jar:$TOP/$1/target/lib/*"
}

# JVM flags of the agent: a daemon with a small, steady working set (a few MiB of live objects even
# at hundreds of instances) that must start fast and never pause long. docs/benchmarks.md has the
# figures these were chosen by. The AOT cache (below) is only used with exactly these flags: change
# one and the next start rebuilds the cache.
#   UseSerialGC            one GC thread-free collector; pauses of a few ms on a heap this small
#   Xms8m/Xmx128m          start small and grow for the work; 128 MiB bounds a runaway, not a need
#   Min/MaxHeapFreeRatio   give heap back after a full GC instead of keeping a high-water mark
#   TieredStopAtLevel=1    C1 only: no C2 compiler thread or arenas; the hot paths are tiny
#   CICompilerCount=1      one compiler thread (with C1 only, one is plenty)
#   ReservedCodeCacheSize  16 MiB reserved (a few MiB used) instead of 240
#   MaxMetaspaceSize       bounds class metadata (~10 MiB loaded); a leak fails instead of growing
#   MaxDirectMemorySize    the control API's buffers are small and unpooled (below)
#   Xss512k                thread stacks: deep enough for gRPC and picocli, half the default
#   -UsePerfData           no /tmp/hsperfdata file and its mapping (jcmd still attaches)
#   TrimNativeHeapInterval returns freed malloc memory to the kernel every 30 s
#   UseCompactObjectHeaders 8-byte object headers (JEP 519): a smaller heap for the same objects
#   io.netty.allocator.type=unpooled  the control API handles a few small calls: no 4 MiB arenas
AGENT_JVM_FLAGS=(
    -XX:+UseSerialGC -Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
    -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m
    -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=16m -Xss512k -XX:-UsePerfData
    -XX:TrimNativeHeapInterval=30000 -XX:+UseCompactObjectHeaders
    -Dio.netty.allocator.type=unpooled
)

# JVM flags of the short-lived commands (tandemctl, tandem-console): start fast, exit.
#   TieredStopAtLevel=1   C1 only: a command runs for a fraction of a second, C2 never pays off
#   UseSerialGC, -UsePerfData  nothing to set up that a short run does not need
CLI_JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:+UseCompactObjectHeaders)

# glibc makes a malloc arena per thread that allocates (up to 8 per core), each keeping its free
# memory: two are enough for a JVM whose Java objects live in its own heap.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# What a cache was built for: the place, the JVM and the flags; a cache built for others is rebuilt.
# (A cache older than bin/lib/aot-cache, the training, is rebuilt too: see aot_cache_flags.)
_tandem_stamp() {
    local flags
    if [ "${1%%-*}" = agent ]; then flags="${AGENT_JVM_FLAGS[*]}"; else flags="${CLI_JVM_FLAGS[*]}"; fi
    TANDEM_STAMP="$TOP $JAVA_HOME $flags" # the classpath (under TOP) must match too
}
aot_stamp() {
    _tandem_stamp "$1"
    echo "$TANDEM_STAMP"
}

# aot_cache_flags CACHE: the -XX:AOTCache option for an ahead-of-time cache (JEP 483/514: classes
# loaded and linked as a training run left them, which roughly halves the start-up). CACHE is a
# module (agent, console), or agent-check: the agent's --check has a cache of its own, trained on
# --check alone (the daemon's cache preloads every class the daemon uses, gRPC and Netty included,
# which costs --check more than it saves: 0.5 s CPU and 62 MiB instead of 0.3 s and 45 MiB).
# When the cache is missing, older than the module's jar, or made for other flags, JDK or place,
# bin/lib/aot-cache builds it in the background (a training run takes a few seconds, far more on a
# busy machine: a daemon's start or a command must not wait for it) and this start goes without;
# the next one uses it. Nothing is tried where target/ is not writable (an installed package ships
# its cache). TANDEM_AOT=0 turns the cache off.
aot_cache_flags() {
    aot_cache_options "$1"
    echo "${TANDEM_AOT_OPTIONS[*]}"
}
# aot_cache_options CACHE sets the array TANDEM_AOT_OPTIONS to the same, without a subshell.
aot_cache_options() {
    TANDEM_AOT_OPTIONS=()
    local name=$1 module=${1%%-*}
    local cache="$TOP/$module/target/tandem-$name.aot" jar="$TOP/$module/target/tandem-$module.jar"
    [ "${TANDEM_AOT:-1}" = 0 ] && return 0
    local built=""
    if [ -f "$cache.flags" ]; then read -r built <"$cache.flags" || true; fi
    _tandem_stamp "$name"
    if [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ] || [ "$TOP/bin/lib/aot-cache" -nt "$cache" ] ||
        [ "$built" != "$TANDEM_STAMP" ]; then
        if [ -w "$TOP/$module/target" ]; then
            (setsid "$TOP/bin/lib/aot-cache" "$name" </dev/null >/dev/null 2>&1 &)
        fi
        return 0
    fi
    # -Xlog:aot=off: a cache the JVM cannot use after all (another JDK build) is skipped without a
    # warning on stdout, where it would mix with a command's output.
    TANDEM_AOT_OPTIONS=("-XX:AOTCache=$cache" -Xlog:aot=off -Xlog:cds=off)
}
