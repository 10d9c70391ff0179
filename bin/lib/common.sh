# Shared by the launchers in bin/: find a JDK 25 and build what is missing.
# Sourced, not run. Sets TOP (the project root) and JAVA.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# A JDK is good if its java reports a feature version of 25 or more.
_tandem_java_ok() {
    local v
    [ -x "$1/bin/java" ] || return 1
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
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

# ensure_built MODULE: builds MODULE (and what it needs) when its jar is missing or older than
# its sources or those of a module it needs, quietly, with one line saying so.
ensure_built() {
    local module=$1 jar="$TOP/$1/target/tandem-$1.jar" sources=() m
    for m in "$module" $(_tandem_needs "$module"); do
        sources+=("$TOP/$m/src/main" "$TOP/$m/pom.xml")
    done
    if [ -f "$jar" ] && [ -z "$(find "${sources[@]}" "$TOP/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    echo "tandem: building $module (first use or sources changed): ./mvnw package -pl $module -am" >&2
    local log
    log=$(mktemp)
    if ! (cd "$TOP" && ./mvnw -B -q package -DskipTests -pl "$module" -am >"$log" 2>&1); then
        cat "$log" >&2
        rm -f "$log"
        echo "tandem: the build failed; see above." >&2
        exit 1
    fi
    rm -f "$log"
}

# classpath MODULE: the module's jar and its runtime dependencies (target/lib holds the jars of the
# modules it needs too, tandem-proto and for the console tandem-client, copied there by 'package').
classpath() {
    echo "$TOP/$1/target/tandem-$1.jar:$TOP/$1/target/lib/*"
}
