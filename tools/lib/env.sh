# Shared by tools/jfmm, tools/test and tools/bench: find a JDK >= 25 and Maven, build what is missing.
# Sourced, not run. Every failure is one line on stderr and exit status 1.

JFMM_MIN_JAVA=25
JFMM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

jfmm_die() { echo "jfmm: $*" >&2; exit 1; }

# Major version of the JDK at $1 (from its release file, else by asking it), or nothing.
jfmm_jdk_major() {
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  [ -n "$v" ] || v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  v=${v#1.}          # 1.8 -> 8
  echo "${v%%[.+-]*}"
}

# Sets JAVA_HOME to a JDK >= 25: JAVA_HOME first, then the usual install places, newest first.
jfmm_find_jdk() {
  local home major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(jfmm_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$JFMM_MIN_JAVA" ]; then export JAVA_HOME; return 0; fi
  fi
  local javac_on_path
  javac_on_path=$(command -v javac 2>/dev/null || true)
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* \
              "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home \
              ${javac_on_path:+"$(dirname "$(dirname "$(readlink -f "$javac_on_path")")")"}; do
    [ -d "$home" ] || continue
    major=$(jfmm_jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$JFMM_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  [ -n "$best" ] || jfmm_die "no JDK ${JFMM_MIN_JAVA} or newer found (looked at JAVA_HOME and /usr/lib/jvm); install one (e.g. Temurin ${JFMM_MIN_JAVA}) or set JAVA_HOME to it"
  export JAVA_HOME="$best"
}

# Makes sure mvn is on PATH; as root on Debian it installs Maven from the distribution.
jfmm_find_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "jfmm: installing Maven with apt-get..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven; } >/dev/null 2>&1 \
      || jfmm_die "could not install Maven with apt-get; install it (apt-get install maven) and retry"
    return 0
  fi
  jfmm_die "Maven (mvn) not found; install it (e.g. apt-get install maven) and retry"
}

jfmm_mvn() {
  # Maven's own Guava touches sun.misc.Unsafe, which JDK 24+ warns about on every run.
  (cd "$JFMM_ROOT" && JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
     mvn -B -ntp -Dstyle.color=never "$@")
}

# Builds target/jfmm.jar and target/lib/ unless they are newer than every source file.
jfmm_build_if_needed() {
  local jar="$JFMM_ROOT/target/jfmm.jar"
  if [ -f "$jar" ] && [ -d "$JFMM_ROOT/target/lib" ] && \
     [ -z "$(find "$JFMM_ROOT/pom.xml" "$JFMM_ROOT/src/main" "$JFMM_ROOT/kernels" "$JFMM_ROOT/hardware-profiles" \
             -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "jfmm: building (first run or sources changed; about a minute)..." >&2
  local log; log=$(mktemp)
  if ! jfmm_mvn -q -DskipTests package >"$log" 2>&1; then
    grep -E '\[ERROR\]' "$log" | head -n 20 >&2
    rm -f "$log"
    jfmm_die "build failed; run tools/test for the full output"
  fi
  rm -f "$log"
}

# The JVM flags every jfmm process runs with.
JFMM_JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
